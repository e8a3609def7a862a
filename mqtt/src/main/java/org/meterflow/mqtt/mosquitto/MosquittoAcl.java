package org.meterflow.mqtt.mosquitto;

import java.util.List;

/**
 * Mosquitto's {@code acl_file} for MeterFlow. With {@code use_identity_as_username true} the
 * username is the certificate CN, so {@code %u} is the meter serial (or gateway id): a meter may
 * write only below {@code meters/<its CN>/}, a gateway below {@code gateways/<its CN>/}; the
 * ingest services read both trees. Nothing else is allowed (an ACL file denies what it does not
 * grant).
 */
public final class MosquittoAcl {

  private MosquittoAcl() {
  }

  /**
   * The service users an ACL file already grants (those of other nodes of a cluster that share one
   * broker and one files folder), so a node adds its own to them instead of replacing them.
   */
  public static java.util.Set<String> serviceUsers(String acl) {
    java.util.Set<String> users = new java.util.LinkedHashSet<>();
    for (String line : acl.split("\n")) {
      if (line.startsWith("user ")) {
        users.add(line.substring("user ".length()).trim());
      }
    }
    return users;
  }

  public static String render(List<String> serviceUsers) {
    StringBuilder acl = new StringBuilder("""
        # Written by MeterFlow at start (meterflow.mqtt.external); edits are overwritten.
        # use_identity_as_username: %u is the client certificate's CN.
        pattern write meters/%u/#
        pattern write gateways/%u/#
        """);
    for (String user : serviceUsers) {
      if (!user.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
        throw new IllegalArgumentException("not a safe ACL user name: " + user);
      }
      acl.append("\nuser ").append(user).append('\n')
          .append("topic read meters/#\n")
          .append("topic read gateways/#\n");
    }
    return acl.toString();
  }
}
