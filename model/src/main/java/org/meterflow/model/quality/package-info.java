/**
 * Power quality, outage and tamper rules, pure: no actors, no I/O, no clock. Callers
 * (the meter entity, timers, reports) feed readings or "now" and persist what comes back.
 *
 * <h2>Boundary conventions (exact)</h2>
 * <ul>
 *   <li>Per-unit values are {@code voltage / nominal} (or {@code frequency / nominal}) quantised to
 *       1e-9 pu before any comparison ({@link org.meterflow.model.quality.PerUnit}), so 207.0 V at
 *       230 V nominal is exactly 0.9 pu despite binary floating point.</li>
 *   <li>Voltage bands, mutually exclusive per reading: interruption {@code pu < 0.1}; sag
 *       {@code 0.1 <= pu < 0.9}; normal {@code 0.9 <= pu <= 1.1}; swell {@code pu > 1.1}. So 0.1 pu
 *       is a sag, 0.9 pu and 1.1 pu are normal. Readings above 1.8 pu (the top of the IEEE 1159
 *       swell band) still count as swell: the detector never drops an excursion silently.</li>
 *   <li>Sustained bands: undervoltage {@code 0.8 <= pu < 0.9}, overvoltage {@code 1.1 < pu <= 1.2},
 *       raised only when the run of consecutive readings in the band lasts MORE than 1 minute
 *       ({@code lastTs - firstTs > 60 s}; exactly 60 s is not enough, so at one reading a minute
 *       three readings in the band are needed). The event's {@code raisedAt} is the run's first
 *       reading.</li>
 *   <li>Sag vs undervoltage (and swell vs overvoltage): independent, overlapping events. Every
 *       reading in the sag band opens (or extends) the one sag event; when a sag run stays in
 *       0.8–0.9 pu for more than 1 min an undervoltage event is raised as well, and both stay open
 *       side by side. A reading below 0.8 pu clears the undervoltage but keeps the sag; a reading
 *       back at 0.9 pu or above clears both. Likewise swell and overvoltage with 1.1–1.2 pu.</li>
 *   <li>Frequency deviation: {@code |f/fn - 1| > 0.01} (49.5 Hz and 50.5 Hz at 50 Hz are normal).
 *       Readings in the interruption band say nothing about frequency (a dead meter may read 0 Hz):
 *       they neither raise, extend nor clear a frequency event.</li>
 *   <li>Events open at the first reading in their condition and clear at the first reading out of
 *       it ({@code clearedAt} = that reading's timestamp); one condition = one open event
 *       (deduplicated). Readings not newer than the last one seen are ignored.</li>
 *   <li>Durations are "more than": silent for more than N expected intervals, no energy advance
 *       for more than the stuck window, undervoltage for more than 1 min.</li>
 * </ul>
 */
package org.meterflow.model.quality;
