package io.dialgate.simulator.ticket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** A ticket. Mutable, touched only under its instance's lock. */
final class Ticket {

    final long name;
    final String created;
    final String createdBy;
    String title;
    String category;
    String user;
    String contact;
    String description;
    String stage;
    String priority;
    List<String> statuses = new ArrayList<>();
    List<String> followers = new ArrayList<>();
    Long parentTicket;
    ObjectNode customFields;
    String edited;
    String lastActivity;
    String closed;
    String slaDeadtime;

    Ticket(long name, String created, String createdBy) {
        this.name = name;
        this.created = created;
        this.createdBy = createdBy;
    }

    boolean isOpen() {
        return !"CLOSE".equals(stage) && !"ARCHIVE".equals(stage);
    }
}
