-- API tokens (SPEC §3): only a hash of each token's secret is stored; the token is shown once.
CREATE TABLE api_tokens (
  id           VARCHAR(32)  NOT NULL,
  role         VARCHAR(16)  NOT NULL,
  consumer_id  VARCHAR(64),
  secret_hash  VARCHAR(255) NOT NULL,
  created_at   TIMESTAMP(3) NOT NULL,
  revoked_at   TIMESTAMP(3),
  PRIMARY KEY (id)
);

CREATE INDEX idx_api_tokens_consumer ON api_tokens (consumer_id);
