-- A user registered with a password keeps the whole token pair the PBX issued, so that any replica, also after a
-- restart, can renew an expiring access token: the refresh token sealed like the access token (its own key id, so
-- key rotation re-seals it too; both null for a token given as is) and when the access token expires (null: never
-- or unknown). The refresh token is single-use, so each renewal replaces the three columns with the new pair.
ALTER TABLE pbx_user ADD COLUMN refresh_key_id text;
ALTER TABLE pbx_user ADD COLUMN refresh_ciphertext bytea;
ALTER TABLE pbx_user ADD COLUMN token_expires_at timestamptz;
ALTER TABLE pbx_user ADD CONSTRAINT pbx_user_refresh_sealed CHECK ((refresh_key_id IS NULL) = (refresh_ciphertext IS NULL));
CREATE INDEX pbx_user_refresh_key ON pbx_user (refresh_key_id) WHERE refresh_key_id IS NOT NULL;
