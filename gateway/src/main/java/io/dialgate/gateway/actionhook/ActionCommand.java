package io.dialgate.gateway.actionhook;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The body of a signed POST to an action hook: which operation, for which user (when the hook is
 * not bound to one), and its arguments. Same rules as the matching {@code /v1} operation.
 */
public record ActionCommand(
        @NotNull ActionType action,
        @Pattern(regexp = "usr_[0-9a-z]{26}", message = "must be a user id") String userId,
        @Pattern(regexp = "[A-Za-z0-9_.:-]{1,64}", message = "must be a queue name") String queue,
        @Min(0) @Max(100) Integer penalty,
        @Pattern(regexp = "[A-Za-z0-9_.:-]{1,64}", message = "must be a pause name") String pause,
        @Pattern(regexp = "\\+?[0-9*#]{1,32}", message = "must be a phone number: digits, optional leading +") String number,
        @jakarta.validation.constraints.Size(min = 1, max = 1600, message = "must be 1 to 1600 characters") String text,
        @jakarta.validation.constraints.Size(min = 1, max = 255, message = "must be 1 to 255 characters") String title,
        @Pattern(regexp = "[A-Za-z0-9_.:-]{1,64}", message = "must be a category name") String category,
        @Pattern(regexp = "LOW|MEDIUM|HIGH", message = "must be LOW, MEDIUM or HIGH") String priority,
        @jakarta.validation.constraints.Size(max = 10000, message = "must be at most 10000 characters") String description,
        @Pattern(regexp = "[A-Za-z0-9_.:-]{1,128}", message = "must be an activity name") String activity) {

    /** Operations an action hook can run; JSON names as in the event catalogue. */
    public enum ActionType {
        @com.fasterxml.jackson.annotation.JsonProperty("queue.login") QUEUE_LOGIN,
        @com.fasterxml.jackson.annotation.JsonProperty("queue.logout") QUEUE_LOGOUT,
        @com.fasterxml.jackson.annotation.JsonProperty("pause.start") PAUSE_START,
        @com.fasterxml.jackson.annotation.JsonProperty("pause.end") PAUSE_END,
        @com.fasterxml.jackson.annotation.JsonProperty("call") CALL,
        @com.fasterxml.jackson.annotation.JsonProperty("call.hangup") CALL_HANGUP,
        @com.fasterxml.jackson.annotation.JsonProperty("sms.send") SMS_SEND,
        @com.fasterxml.jackson.annotation.JsonProperty("ticket.create") TICKET_CREATE
    }
}
