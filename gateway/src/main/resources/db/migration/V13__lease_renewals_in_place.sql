-- A replica renews each of its leases every few seconds: with 18,000 polled users that is thousands of
-- lease rewrites a second. While locked_until was indexed, every rewrite also wrote an index entry, and
-- PostgreSQL spent more than a core on it with the users idle. No query used that index (the claim reads
-- leases in user id order through the primary key, and its condition on locked_until is an OR), so it goes:
-- a renewal is then a heap-only update that touches no index, and the free room left on each page lets the
-- new row version stay on its page.
DROP INDEX IF EXISTS poll_lease_locked_until;
ALTER TABLE poll_lease SET (fillfactor = 50);
