package io.dialgate.simulator.pbx;

/** An activity (CALL or SMS). Mutable, and only touched while holding its instance's lock. */
public final class Activity {

    final String name;
    final String type;
    final String queue;
    final String user;
    final String time;
    final long seq;
    final Call call;
    final String smsNumber;
    final String smsText;
    /** The channel record a feature package rendered (SMS), or null for calls. */
    com.fasterxml.jackson.databind.node.ObjectNode item;
    /** The ticket the activity belongs to, or null. */
    String ticket;
    String action;
    String timeOpen;
    String timeClose;
    int duration;

    Activity(String name, String type, String queue, String user, String time, long seq, Call call,
            String smsNumber, String smsText) {
        this.name = name;
        this.type = type;
        this.queue = queue;
        this.user = user;
        this.time = time;
        this.seq = seq;
        this.call = call;
        this.smsNumber = smsNumber;
        this.smsText = smsText;
    }

    public String name() {
        return name;
    }

    public String user() {
        return user;
    }

    public String action() {
        return action;
    }

    public String type() {
        return type;
    }

    public String ticket() {
        return ticket;
    }

    public Call call() {
        return call;
    }

    boolean isOpen() {
        return !"CLOSE".equals(action);
    }
}
