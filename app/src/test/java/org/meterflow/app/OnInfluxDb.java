package org.meterflow.app;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * On a test class that uses {@link PlatformExtension}: its platform stores time series in a
 * throw-away Debian InfluxDB 1.6 ({@code meterflow.timeseries.kind = influxdb}) instead of the
 * embedded QuestDB. A subclass of an embedded-store test with this annotation (named {@code *IT},
 * integration profile) runs the same assertions on InfluxDB; it fails when influxd is missing.
 * Tagged {@code integration}, which the default run excludes: a {@code -Dtest='Billing*'} there
 * runs the embedded-store classes only, not their InfluxDB twins (the root pom).
 */
@Tag("integration")
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
@interface OnInfluxDb {}
