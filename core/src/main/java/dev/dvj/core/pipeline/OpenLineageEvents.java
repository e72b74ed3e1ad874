package dev.dvj.core.pipeline;

import dev.dvj.core.DvjException;
import dev.dvj.core.config.Config;
import dev.dvj.core.pointer.StageLock;
import dev.dvj.core.workspace.Repository;
import dev.dvj.core.workspace.WorkspaceBoundary;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.transports.Transport;

import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * OpenLineage run events for the stages {@code repro} runs (and so {@code exp run}): START when a
 * stage's command starts, COMPLETE with its outputs once they are recorded, FAIL with the error.
 * Each stage is a job ({@code namespace}, stage name, its command as the source-code facet); its
 * deps and outputs are datasets named by path, carrying their dvj version ids (the {@code version}
 * facet: an object id). Sent with OpenLineage's Java client to an HTTP endpoint
 * ({@code openlineage.url}, posted to {@code /api/v1/lineage} as Marquez takes them) and/or
 * appended to a file ({@code openlineage.file}, one event per line). Lineage is an observer: an
 * event that cannot be sent is reported as a warning and never fails the run.
 */
final class OpenLineageEvents implements AutoCloseable {
    static final URI PRODUCER = URI.create("https://github.com/dvj-dev/dvj");

    /** Made only when events are sent: a repro without a destination loads none of the client's classes. */
    private OpenLineage model;
    private final List<OpenLineageClient> clients;
    private final String namespace;
    private final Consumer<String> warnings;

    private OpenLineageEvents(List<OpenLineageClient> clients, String namespace, Consumer<String> warnings) {
        this.clients = clients;
        this.namespace = namespace;
        this.warnings = warnings;
    }

    /** The events the configuration asks for; none (and no client made) when it names no destination. */
    static OpenLineageEvents of(Repository repository, Consumer<String> warnings) {
        Config config = repository.config();
        List<OpenLineageClient> clients = new ArrayList<>();
        String url = config.get("openlineage.url").orElse(null);
        if (url != null) {
            HttpConfig http = new HttpConfig();
            try {
                http.setUrl(URI.create(url));
            } catch (IllegalArgumentException e) {
                throw DvjException.invalid("openlineage.url '" + url + "' is not a URL (http://HOST:PORT)");
            }
            http.setTimeoutInMillis(10_000);
            // A bearer token for endpoints that want one, from the environment only: never in the
            // committed config, never in a message.
            String apiKey = repository.env().variable("DVJ_OPENLINEAGE_API_KEY");
            if (apiKey != null && !apiKey.isBlank()) {
                io.openlineage.client.transports.ApiKeyTokenProvider token = new io.openlineage.client.transports.ApiKeyTokenProvider();
                token.setApiKey(apiKey);
                http.setAuth(token);
            }
            clients.add(client(new HttpTransport(http)));
        }
        String file = config.get("openlineage.file").orElse(null);
        if (file != null) {
            // Relative to the repository a run works for: an experiment's events go beside the
            // repository's own, not into its temporary workspace, which is removed after the run.
            Path events = new WorkspaceBoundary(repository.originRoot()).writable(file);
            clients.add(client(new FileTransport(new FileConfig(events.toString()))));
        }
        String namespace = config.get("openlineage.namespace").orElse("dvj://" + repository.originRoot().getFileName());
        return new OpenLineageEvents(clients, namespace, warnings);
    }

    private static OpenLineageClient client(Transport transport) {
        return new OpenLineageClient(transport);
    }

    boolean enabled() {
        return !clients.isEmpty();
    }

    /** A stage's command is starting; returns the run's id for the events that follow. */
    synchronized UUID start(Stage stage, List<StageLock.LockedPath> deps, ZonedDateTime at) {
        UUID runId = UUID.randomUUID();
        emit(event(OpenLineage.RunEvent.EventType.START, runId, stage, deps, List.of(), null, at));
        return runId;
    }

    synchronized void complete(UUID runId, Stage stage, List<StageLock.LockedPath> deps, List<StageLock.LockedPath> outs) {
        emit(event(OpenLineage.RunEvent.EventType.COMPLETE, runId, stage, deps, outs, null, now()));
    }

    synchronized void fail(UUID runId, Stage stage, List<StageLock.LockedPath> deps, String error) {
        emit(event(OpenLineage.RunEvent.EventType.FAIL, runId, stage, deps, List.of(), error, now()));
    }

    private static ZonedDateTime now() {
        return ZonedDateTime.now(ZoneOffset.UTC);
    }

    private OpenLineage.RunEvent event(OpenLineage.RunEvent.EventType type, UUID runId, Stage stage, List<StageLock.LockedPath> deps,
                                       List<StageLock.LockedPath> outs, String error, ZonedDateTime at) {
        if (model == null) {
            model = new OpenLineage(PRODUCER);
        }
        OpenLineage.RunFacetsBuilder runFacets = model.newRunFacetsBuilder();
        if (error != null) {
            runFacets.errorMessage(model.newErrorMessageRunFacet(error, "shell", null));
        }
        List<OpenLineage.InputDataset> inputs = new ArrayList<>();
        for (StageLock.LockedPath dep : deps) {
            inputs.add(model.newInputDatasetBuilder().namespace(namespace).name(dep.path()).facets(versionOf(dep)).build());
        }
        List<OpenLineage.OutputDataset> outputs = new ArrayList<>();
        for (StageLock.LockedPath out : outs) {
            outputs.add(model.newOutputDatasetBuilder().namespace(namespace).name(out.path()).facets(versionOf(out)).build());
        }
        return model.newRunEventBuilder()
                .eventType(type)
                .eventTime(at)
                .run(model.newRunBuilder().runId(runId).facets(runFacets.build()).build())
                .job(model.newJobBuilder().namespace(namespace).name(stage.name())
                        .facets(model.newJobFacetsBuilder().sourceCode(model.newSourceCodeJobFacet("shell", stage.cmdText())).build())
                        .build())
                .inputs(inputs)
                .outputs(outputs)
                .build();
    }

    /** The dvj version id of a path as the {@code version} facet; no facet for one without an id. */
    private OpenLineage.DatasetFacets versionOf(StageLock.LockedPath path) {
        OpenLineage.DatasetFacetsBuilder facets = model.newDatasetFacetsBuilder();
        if (path.oid() != null) {
            facets.version(model.newDatasetVersionDatasetFacet(path.oid()));
        }
        return facets.build();
    }

    private void emit(OpenLineage.RunEvent event) {
        for (OpenLineageClient client : clients) {
            try {
                client.emit(event);
            } catch (RuntimeException e) {
                warnings.accept("OpenLineage " + event.getEventType() + " event for stage " + event.getJob().getName()
                        + " not sent: " + oneLine(e));
            }
        }
    }

    private static String oneLine(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        // A URL's user:password@ never reaches a warning.
        return message.lines().findFirst().orElse(message).replaceAll("://[^/@\\s]+@", "://***@");
    }

    @Override
    public void close() {
        for (OpenLineageClient client : clients) {
            try {
                client.close();
            } catch (Exception e) {
                // closing a connection pool: nothing to lose
            }
        }
    }
}
