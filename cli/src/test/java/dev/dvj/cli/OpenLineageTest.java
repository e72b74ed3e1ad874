package dev.dvj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.dvj.core.testing.TestRepo;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenLineage run events from {@code dvj repro}, received by an HTTP server on loopback (the
 * endpoint Marquez offers) and written to a file, each checked against the OpenLineage spec's
 * rules for a run event and parsed back by the official client's model.
 */
class OpenLineageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    HttpServer server;
    final List<String> received = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    TestRepo repo;
    Cli cli;

    @BeforeEach
    void setUp() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/lineage", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            try (InputStream in = exchange.getRequestBody()) {
                received.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        server.start();
        repo = TestRepo.gitOnly(dir);
        cli = new Cli(repo.root, repo.env);
        cli.run("init");
        repo.write("data.csv", "a\n1\n");
        assertEquals(0, cli.run("add", "data.csv").exit());
        repo.write("dvj.yaml", "stages:\n  copy:\n    cmd: cp data.csv out.csv\n    deps: [data.csv]\n    outs: [out.csv]\n");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void reproSendsStartAndCompleteThenFailWithTheDataVersionIds() throws Exception {
        assertEquals(0, cli.run("config", "openlineage.url", "http://127.0.0.1:" + server.getAddress().getPort()).exit());
        assertEquals(0, cli.run("config", "openlineage.file", "lineage.jsonl").exit());
        Cli.Run repro = cli.run("repro");
        assertEquals(0, repro.exit(), repro.err());
        assertEquals(2, received.size(), received.toString());
        JsonNode start = checked(received.get(0));
        JsonNode complete = checked(received.get(1));
        assertEquals("START", start.get("eventType").asText());
        assertEquals("COMPLETE", complete.get("eventType").asText());
        assertEquals(start.get("run").get("runId"), complete.get("run").get("runId"), "one run");
        assertEquals("copy", complete.get("job").get("name").asText());
        assertEquals("cp data.csv out.csv", complete.get("job").get("facets").get("sourceCode").get("sourceCode").asText());

        String dataOid = Files.readString(repo.root.resolve("data.csv.dvj")).replaceAll("(?s).*\\boid: (\\S+).*", "$1");
        JsonNode input = complete.get("inputs").get(0);
        assertEquals("data.csv", input.get("name").asText());
        assertEquals(dataOid, input.get("facets").get("version").get("datasetVersion").asText());
        JsonNode output = complete.get("outputs").get(0);
        assertEquals("out.csv", output.get("name").asText());
        String outOid = dev.dvj.core.hash.Hashing.ofFile(repo.root.resolve("out.csv")).hex();
        assertEquals(outOid, output.get("facets").get("version").get("datasetVersion").asText());

        // The file holds the same events, one per line.
        List<String> lines = Files.readAllLines(repo.root.resolve("lineage.jsonl"));
        assertEquals(2, lines.size());
        lines.forEach(OpenLineageTest::checked);

        repo.write("dvj.yaml", "stages:\n  copy:\n    cmd: exit 4\n    deps: [data.csv]\n    outs: [out.csv]\n");
        assertEquals(7, cli.run("repro").exit());
        assertEquals(4, received.size());
        JsonNode fail = checked(received.get(3));
        assertEquals("FAIL", fail.get("eventType").asText());
        assertEquals(checked(received.get(2)).get("run").get("runId"), fail.get("run").get("runId"));
        assertEquals("its command exited with 4", fail.get("run").get("facets").get("errorMessage").get("message").asText());
    }

    @Test
    void anExperimentsEventsGoBesideTheRepositorysOwn() throws Exception {
        // A relative openlineage.file is the repository's, not the experiment's temporary workspace's
        // (removed after the run), and the namespace is the repository's name.
        assertEquals(0, cli.run("config", "openlineage.file", "lineage.jsonl").exit());
        try (org.eclipse.jgit.api.Git git = repo.git()) {
            git.add().addFilepattern("dvj.yaml").addFilepattern(".dvj/config.yaml").call();
        }
        repo.commit("pipeline");
        Cli.Run run = cli.run("exp", "run", "-n", "trial");
        assertEquals(0, run.exit(), run.err());
        List<String> lines = Files.readAllLines(repo.root.resolve("lineage.jsonl"));
        assertEquals(2, lines.size(), lines.toString());
        JsonNode complete = checked(lines.get(1));
        assertEquals("COMPLETE", complete.get("eventType").asText());
        assertEquals("dvj://" + repo.root.getFileName(), complete.get("job").get("namespace").asText());
        assertEquals("out.csv", complete.get("outputs").get(0).get("name").asText());
    }

    @Test
    void aTokenFromTheEnvironmentIsSentAsABearerToken() throws Exception {
        dev.dvj.core.SystemEnv env = new dev.dvj.core.SystemEnv(java.util.Map.of("DVJ_OPENLINEAGE_API_KEY", "s3cret-token"),
                dir.resolve("home"), java.time.Clock.systemUTC(), "tester", "testhost");
        Cli withToken = new Cli(repo.root, env);
        assertEquals(0, withToken.run("config", "openlineage.url", "http://127.0.0.1:" + server.getAddress().getPort()).exit());
        assertEquals(0, withToken.run("repro").exit());
        assertEquals(List.of("Bearer s3cret-token", "Bearer s3cret-token"), authorizations);
        assertFalse(Files.readString(repo.root.resolve(".dvj/config.yaml")).contains("s3cret"), "never in the config");
    }

    @Test
    void anEndpointThatIsDownIsAWarningNotAFailedRun() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String secretUrl = "http://lineage:pa55word@127.0.0.1:" + closed;
        assertEquals(2, cli.run("config", "openlineage.url", secretUrl).exit(), "a password is not committed");
        assertEquals(0, cli.run("config", "--local", "openlineage.url", secretUrl).exit());
        Cli.Run repro = cli.run("repro");
        assertEquals(0, repro.exit(), repro.err());
        assertFalse(repro.err().contains("pa55word"), "a URL's password never reaches a message: " + repro.err());
        assertTrue(repro.err().contains("dvj: warning: OpenLineage START event for stage copy not sent"), repro.err());
        assertTrue(Files.exists(repo.root.resolve("out.csv")));
    }

    @Test
    void withoutADestinationNoEventIsMade() throws Exception {
        assertEquals(0, cli.run("repro").exit());
        assertTrue(received.isEmpty());
    }

    /**
     * Checks an event against the OpenLineage spec's rules for a run event (required keys, the
     * event type's values, the formats of times, URIs and run ids, the base keys every facet
     * carries), then parses it with the client's own model; returns it as a tree.
     */
    static JsonNode checked(String text) {
        JsonNode event;
        try {
            event = JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
        for (String key : List.of("eventTime", "producer", "schemaURL", "run", "job")) {
            assertTrue(event.hasNonNull(key), "a run event has " + key + ": " + text);
        }
        assertTrue(Set.of("START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER").contains(event.get("eventType").asText()), text);
        OffsetDateTime.parse(event.get("eventTime").asText());
        assertTrue(URI.create(event.get("producer").asText()).isAbsolute());
        assertTrue(URI.create(event.get("schemaURL").asText()).isAbsolute());
        UUID.fromString(event.get("run").get("runId").asText());
        assertFalse(event.get("job").get("namespace").asText().isEmpty());
        assertFalse(event.get("job").get("name").asText().isEmpty());
        facets(event.get("run").get("facets"), text);
        facets(event.get("job").get("facets"), text);
        for (String side : List.of("inputs", "outputs")) {
            for (JsonNode dataset : event.path(side)) {
                assertFalse(dataset.get("namespace").asText().isEmpty(), text);
                assertFalse(dataset.get("name").asText().isEmpty(), text);
                facets(dataset.get("facets"), text);
            }
        }
        OpenLineage.RunEvent parsed = OpenLineageClientUtils.runEventFromJson(text);
        assertNotNull(parsed.getRun().getRunId());
        return event;
    }

    private static void facets(JsonNode facets, String text) {
        if (facets == null || facets.isNull()) {
            return;
        }
        for (Iterator<JsonNode> it = facets.elements(); it.hasNext(); ) {
            JsonNode facet = it.next();
            assertTrue(URI.create(facet.get("_producer").asText()).isAbsolute(), "a facet has _producer: " + text);
            assertTrue(URI.create(facet.get("_schemaURL").asText()).isAbsolute(), "a facet has _schemaURL: " + text);
        }
    }
}
