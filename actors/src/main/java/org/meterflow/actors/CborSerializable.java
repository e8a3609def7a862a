package org.meterflow.actors;

/**
 * Marker for every message, event and snapshot that may cross the wire or reach the journal.
 * Bound to {@code jackson-cbor} in {@code serialization.conf}; never rename an implementing
 * class without a Jackson migration.
 */
public interface CborSerializable {}
