package org.meterflow.app;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a test class that uses {@link PlatformExtension}: its platform stores time series in a
 * throw-away Debian InfluxDB 1.6 ({@code meterflow.timeseries.kind = influxdb}) instead of the
 * embedded QuestDB. A subclass of an embedded-store test with this annotation (named {@code *IT},
 * integration profile) runs the same assertions on InfluxDB; it fails when influxd is missing.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
@interface OnInfluxDb {}
