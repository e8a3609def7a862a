package org.meterflow.simulator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyTest {

  @Test
  void aHundredThousandMetersMakeTwoThousandDtsAndGatewaysOverEveryRegion() {
    Topology town = Topology.build(TopologySpec.defaults("M", 42), 100_000);
    assertThat(town.meters()).hasSize(100_000);
    assertThat(town.dts()).hasSize(2_000);
    assertThat(town.feeders()).hasSize(200);
    assertThat(town.gateways()).hasSize(2_000).allSatisfy((id, meters) -> assertThat(meters).hasSize(50));
    assertThat(town.feeders().stream().map(Nodes.Feeder::region).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("north", "south", "east", "west", "central");
    Set<Double> standard = Arrays.stream(Topology.STANDARD_KVA).boxed().collect(Collectors.toSet());
    assertThat(town.dts()).allSatisfy(dt -> assertThat(standard).contains(dt.ratedKva()));
    assertThat(town.dts().stream().map(Nodes.Dt::ratedKva).distinct().count()).as("DTs are not all alike").isGreaterThan(1);
    assertThat(town.meters().get(0).serial()).isEqualTo("M0000001");
    assertThat(town.meters().get(0).dt().id()).isEqualTo("north-F1-DT1");
    assertThat(town.meters().get(50).dt().id()).isEqualTo("north-F1-DT2");
  }

  @Test
  void sharesOfCommercialAndSolarConsumersFollowTheSpec() {
    Topology town = Topology.build(TopologySpec.defaults("M", 7), 20_000);
    long commercial = town.meters().stream().filter(m -> m.kind() == ConsumerKind.COMMERCIAL).count();
    long solar = town.meters().stream().filter(Nodes.Meter::netMetered).count();
    assertThat(commercial / 20_000.0).isBetween(0.08, 0.12);
    assertThat(solar / (20_000.0 - commercial)).isBetween(0.13, 0.17);
    assertThat(town.meters()).filteredOn(m -> m.kind() == ConsumerKind.COMMERCIAL).noneMatch(Nodes.Meter::netMetered);
  }

  @Test
  void sameSeedSameTown(@TempDir Path dir) throws Exception {
    Topology a = Topology.build(TopologySpec.defaults("M", 3), 500);
    Topology b = Topology.build(TopologySpec.defaults("M", 3), 500);
    a.writeCsv(dir.resolve("a.csv"));
    b.writeCsv(dir.resolve("b.csv"));
    assertThat(Files.readString(dir.resolve("a.csv"))).isEqualTo(Files.readString(dir.resolve("b.csv")));
    assertThat(Files.readAllLines(dir.resolve("a.csv"))).hasSize(501)
        .first().asString().startsWith("serial,consumer,tariff,region,substation,feeder,dt,dt_rated_kva");
  }
}
