package io.dialgate.simulator.pbx;

/**
 * A live or ended call. Mutable, and only touched while holding its instance's lock. Durations are
 * fixed at state changes, never computed on read, so reading state never changes a pull hash.
 */
public final class Call {

    /** Call states the simulator walks through. */
    public enum State { RINGING, ANSWERED, ENDED }

    final String id;
    final String direction;
    final String clid;
    final String did;
    final String activityName;
    final long createdMillis;
    State state = State.RINGING;
    boolean answered;
    long answeredMillis;
    int ringingTime;
    int duration;
    String dispositionCause;
    String disconnectionCause;
    long timerId = -1;

    Call(String id, String direction, String clid, String did, String activityName, long createdMillis) {
        this.id = id;
        this.direction = direction;
        this.clid = clid;
        this.did = did;
        this.activityName = activityName;
        this.createdMillis = createdMillis;
    }

    public String id() {
        return id;
    }

    public State state() {
        return state;
    }

    public String activityName() {
        return activityName;
    }

    public String direction() {
        return direction;
    }
}
