package io.dialgate.simulator.sms;

/** {@code POST /_sim/instances/{i}/sms}: a customer's SMS {@code from} a number reaching user {@code to}. */
public record InboundSmsRequest(String to, String from, String text, String queue) {
}
