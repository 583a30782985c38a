package io.dialgate.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The session table stays bounded: few tokens per session, idle sessions and forgotten ones go. */
class TokenRenewalsBoundsTest {

    private static final URI PBX = URI.create("http://127.0.0.1:9/");

    private final MovableClock clock = new MovableClock();
    private final TokenRenewals renewals = new TokenRenewals(clock, Duration.ofHours(1));

    @Test
    void shouldFindASessionByItsFirstAndNewestTokensOnly() {
        List<LoginResult> told = new ArrayList<>();
        renewals.resume(PBX, pair(0), told::add);
        TokenRenewals.Session session = renewals.find(PBX, token(0)).orElseThrow();
        for (int i = 1; i <= 6; i++) {
            session.renewed(pair(i));
        }
        assertThat(told).extracting(p -> p.accessToken().value()).containsExactly("a1", "a2", "a3", "a4", "a5", "a6");
        assertThat(told.get(5).refreshToken()).contains("r6");
        assertThat(renewals.find(PBX, token(0))).containsSame(session);
        for (int i = 3; i <= 6; i++) {
            assertThat(renewals.find(PBX, token(i))).containsSame(session);
        }
        assertThat(renewals.find(PBX, token(1))).isEmpty();
        assertThat(renewals.find(PBX, token(2))).isEmpty();
        assertThat(renewals.indexedTokens()).isEqualTo(1 + TokenRenewals.RECENT_TOKENS);
        assertThat(session.current()).isEqualTo(token(6));
    }

    @Test
    void shouldTellTheNewestPairWhenResumingFromAnOlderOne() {
        renewals.resume(PBX, pair(0), null);
        renewals.find(PBX, token(0)).orElseThrow().renewed(pair(1));
        List<LoginResult> told = new ArrayList<>();
        AccessToken use = renewals.resume(PBX, pair(0), told::add);
        assertThat(use).isEqualTo(token(1));
        assertThat(told).singleElement().satisfies(p -> assertThat(p.refreshToken()).contains("r1"));
        // Resuming from the newest pair tells nothing new.
        told.clear();
        assertThat(renewals.resume(PBX, pair(1), told::add)).isEqualTo(token(1));
        assertThat(told).isEmpty();
    }

    @Test
    void shouldForgetSessionsNobodyUsedForTheIdleLimit() {
        renewals.resume(PBX, pair(0), null);
        renewals.resume(PBX, pair(10), null);
        clock.advance(Duration.ofMinutes(50));
        assertThat(renewals.find(PBX, token(10))).isPresent();
        clock.advance(Duration.ofMinutes(20));
        // Seventy minutes idle is past the limit; the one used twenty minutes ago stays.
        assertThat(renewals.find(PBX, token(0))).isEmpty();
        assertThat(renewals.find(PBX, token(10))).isPresent();
        assertThat(renewals.indexedTokens()).isEqualTo(1);
    }

    @Test
    void shouldForgetASessionByAnyOfItsTokens() {
        renewals.resume(PBX, pair(0), null);
        renewals.find(PBX, token(0)).orElseThrow().renewed(pair(1));
        assertThat(renewals.forget(PBX, token(1))).isTrue();
        assertThat(renewals.find(PBX, token(0))).isEmpty();
        assertThat(renewals.indexedTokens()).isZero();
        assertThat(renewals.forget(PBX, token(0))).isFalse();
    }

    @Test
    void shouldNotKeepAPairWithoutARefreshToken() {
        LoginResult bare = new LoginResult(token(0), Optional.empty());
        assertThat(renewals.resume(PBX, bare, p -> { })).isEqualTo(token(0));
        assertThat(renewals.indexedTokens()).isZero();
    }

    private static AccessToken token(int i) {
        return AccessToken.of("a" + i);
    }

    private LoginResult pair(int i) {
        return new LoginResult(token(i), Optional.of("r" + i), Optional.of(clock.instant().plus(Duration.ofMinutes(30))));
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-11-30T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
