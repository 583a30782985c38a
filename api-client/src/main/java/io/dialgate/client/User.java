package io.dialgate.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A Daktela user ({@code users.json}). Deliberately without the user's token, which Daktela
 * returns inside {@code _sys}: a record that may be logged must not carry it.
 *
 * @param name the login
 * @param title display name
 * @param email e-mail, when set
 */
public record User(String name, String title, Optional<String> email) {

    static User from(JsonNode n) {
        return new User(Json.text(n, "name"), Json.text(n, "title"), Json.optText(n, "email"));
    }
}
