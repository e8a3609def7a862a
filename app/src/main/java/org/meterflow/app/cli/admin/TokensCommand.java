package org.meterflow.app.cli.admin;

import org.meterflow.app.cli.ApiConnection;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meterflow tokens issue|revoke|list}: API tokens of a running platform (admin token needed). */
@Command(name = "tokens", mixinStandardHelpOptions = true,
    description = "Issue, list and revoke API tokens of a running MeterFlow (over its HTTP API, admin only).",
    subcommands = {TokensCommand.Issue.class, TokensCommand.Revoke.class, TokensCommand.ListTokens.class})
public final class TokensCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(name = "issue", mixinStandardHelpOptions = true,
      description = "Issue a token and print it (shown once; only its hash is stored).")
  static final class Issue implements Callable<Integer> {
    @Mixin
    ApiConnection api;
    @Option(names = "--role", required = true, description = "admin, operator or consumer")
    String role;
    @Option(names = "--consumer", description = "The consumer account (consumer tokens only)")
    String consumer;

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("role", role);
      if (consumer != null) {
        body.put("consumerId", consumer);
      }
      try {
        ApiConnection.Answer answer = api.post("/api/v1/tokens", body);
        if (answer.status() != 201) {
          System.err.println("no token issued (HTTP " + answer.status() + "): " + answer.detail());
          return MetersCommand.REFUSED;
        }
        JsonNode token = answer.json();
        System.err.println("token " + token.get("id").asText() + " (" + token.get("role").asText()
            + (token.hasNonNull("consumerId") ? ", consumer " + token.get("consumerId").asText() : "")
            + "); it is not shown again:");
        System.out.println(token.get("token").asText());
        return 0;
      } catch (ApiConnection.ApiException e) {
        System.err.println(e.getMessage());
        return MetersCommand.UNREACHABLE;
      }
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token at once.")
  static final class Revoke implements Callable<Integer> {
    @Mixin
    ApiConnection api;
    @Parameters(index = "0", description = "Token id (between mft_ and the dot of the token, or from tokens list)")
    String id;

    @Override
    public Integer call() {
      try {
        ApiConnection.Answer answer = api.delete("/api/v1/tokens/" + id);
        if (answer.status() != 204) {
          System.err.println("not revoked (HTTP " + answer.status() + "): " + answer.detail());
          return MetersCommand.REFUSED;
        }
        System.out.println("token " + id + " revoked");
        return 0;
      } catch (ApiConnection.ApiException e) {
        System.err.println(e.getMessage());
        return MetersCommand.UNREACHABLE;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
  static final class ListTokens implements Callable<Integer> {
    @Mixin
    ApiConnection api;

    @Override
    public Integer call() {
      try {
        ApiConnection.Answer answer = api.get("/api/v1/tokens");
        if (answer.status() != 200) {
          System.err.println("cannot list tokens (HTTP " + answer.status() + "): " + answer.detail());
          return MetersCommand.REFUSED;
        }
        System.out.printf("%-18s %-9s %-16s %-26s %s%n", "ID", "ROLE", "CONSUMER", "CREATED", "REVOKED");
        for (JsonNode t : answer.json()) {
          System.out.printf("%-18s %-9s %-16s %-26s %s%n", t.get("id").asText(), t.get("role").asText(),
              t.path("consumerId").asText(""), t.path("createdAt").asText(""), t.path("revokedAt").asText("-"));
        }
        return 0;
      } catch (ApiConnection.ApiException e) {
        System.err.println(e.getMessage());
        return MetersCommand.UNREACHABLE;
      }
    }
  }
}
