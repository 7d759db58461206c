-- Orders database of the sample (H2). Runs at every startup (spring.sql.init.mode=always),
-- so every statement must be safe to repeat against a database that already exists.

-- Order ids are handed out when the API accepts an order, before the order is persisted.
CREATE SEQUENCE IF NOT EXISTS order_ids;

-- Orders written by the write-behind buffer (in batches while running, and whatever is
-- still buffered in the shutdown's flush stage).
CREATE TABLE IF NOT EXISTS orders (
    id           BIGINT PRIMARY KEY,
    item         VARCHAR(200) NOT NULL,
    quantity     INT NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    persisted_at TIMESTAMP WITH TIME ZONE NOT NULL
);
