-- The monthly rollup and the bills (SPEC §7). A later true reading adds a revision (revision + 1)
-- and marks the earlier one superseded; rerunning a period with unchanged data writes nothing.
CREATE TABLE monthly_readings (
  serial            VARCHAR(64)  NOT NULL,
  period_start      DATE         NOT NULL,
  period_end        DATE         NOT NULL,
  cycle_day         INT          NOT NULL,
  import_start_kwh  DOUBLE,
  import_end_kwh    DOUBLE,
  import_kwh        DOUBLE       NOT NULL,
  export_kwh        DOUBLE       NOT NULL,
  start_method      VARCHAR(40)  NOT NULL,
  end_method        VARCHAR(40)  NOT NULL,
  estimated         BOOLEAN      NOT NULL,
  partial_data      BOOLEAN      NOT NULL,
  methods           VARCHAR(255) NOT NULL,
  average_daily_kwh DOUBLE,
  computed_at       TIMESTAMP(3) NOT NULL,
  PRIMARY KEY (serial, period_start)
);

CREATE TABLE bills (
  id                    VARCHAR(128)  NOT NULL,
  serial                VARCHAR(64)   NOT NULL,
  consumer_id           VARCHAR(64)   NOT NULL,
  period_start          DATE          NOT NULL,
  period_end            DATE          NOT NULL,
  revision              INT           NOT NULL,
  superseded            BOOLEAN       NOT NULL,
  tariff_code           VARCHAR(64)   NOT NULL,
  tariff_effective_from DATE          NOT NULL,
  import_kwh            DECIMAL(14,3) NOT NULL,
  export_kwh            DECIMAL(14,3) NOT NULL,
  billed_kwh            DECIMAL(14,3) NOT NULL,
  total                 DECIMAL(14,2) NOT NULL,
  due_date              DATE          NOT NULL,
  estimated             BOOLEAN       NOT NULL,
  estimation_methods    VARCHAR(255)  NOT NULL,
  fingerprint           VARCHAR(64)   NOT NULL,
  revision_reason       VARCHAR(500),
  issued_at             TIMESTAMP(3)  NOT NULL,
  PRIMARY KEY (id)
);

CREATE UNIQUE INDEX idx_bills_serial_period_rev ON bills (serial, period_start, revision);
CREATE INDEX idx_bills_consumer ON bills (consumer_id, period_start);

CREATE TABLE bill_lines (
  bill_id     VARCHAR(128)  NOT NULL,
  line_no     INT           NOT NULL,
  kind        VARCHAR(32)   NOT NULL,
  description VARCHAR(200)  NOT NULL,
  quantity    DECIMAL(18,4),
  rate        DECIMAL(12,4),
  amount      DECIMAL(14,2) NOT NULL,
  PRIMARY KEY (bill_id, line_no)
);
