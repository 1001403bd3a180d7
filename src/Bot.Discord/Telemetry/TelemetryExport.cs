using System.Globalization;
using Bot.Core.Answering;
using Bot.Core.Conversations;
using Bot.Discord.Bot;
using Bot.Discord.Rest;
using Bot.Discord.Sharding;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Bot.Discord.Telemetry;

/// <summary>
/// Starts OpenTelemetry for <c>bot discord</c>: with <see cref="DiscordOptions.HealthPort"/> a meter provider whose
/// Prometheus exporter serves <see cref="DiscordMetrics"/> and .NET's <c>System.Runtime</c> meter at <c>http://127.0.0.1:port/metrics</c> (next to
/// <see cref="HealthEndpoint"/>'s <c>/healthz</c> on the same port); with an OTLP endpoint
/// (<see cref="TelemetryOptions.OtlpEndpoint"/> or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) a tracer provider exporting the
/// question spans (<see cref="DiscordTracing"/>, <see cref="AnswerTracing"/>). Neither is built otherwise. Registered
/// before the bot so it stops after it: the spans of answers that finish while the bot drains are still exported.
/// </summary>
public sealed class TelemetryExport(
    DiscordMetrics metrics,
    ShardedGateway gateway,
    QuestionAdmission admission,
    ChannelAnswerer answers,
    DiscordRestClient rest,
    IOptions<DiscordOptions> discord,
    IOptions<TelemetryOptions> telemetry,
    ILogger<TelemetryExport> logger,
    AnswerFeedback? feedback = null,
    IConversationStore? conversations = null) : IHostedService
{
    private MeterProvider? _meters;
    private TracerProvider? _tracers;

    /// <summary>The standard variable; when set (and <see cref="TelemetryOptions.OtlpEndpoint"/> is not) the OTLP exporter reads every <c>OTEL_EXPORTER_OTLP_*</c> itself.</summary>
    public const string StandardEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>.NET's built-in runtime meter (GC heap, working set, thread pool, CPU time), served next to the bot's own.</summary>
    public const string RuntimeMeter = "System.Runtime";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        metrics.Observe(gateway, admission, answers, rest, feedback, conversations as InMemoryConversationStore);
        var options = telemetry.Value;
        var resource = ResourceBuilder.CreateDefault().AddService(options.ServiceName, serviceVersion: DiscordRestClient.Version);
        var port = discord.Value.HealthPort;
        if (port > 0)
        {
            try
            {
                _meters = Sdk.CreateMeterProviderBuilder()
                    .SetResourceBuilder(resource)
                    .AddMeter(DiscordMetrics.MeterName, RuntimeMeter)
                    .AddPrometheusHttpListener(o =>
                    {
                        o.Host = "127.0.0.1";
                        o.Port = port;
                        o.ScrapeEndpointPath = "/metrics";
                        o.ScrapeResponseCacheDurationMilliseconds = 0;
                    })
                    .Build();
                Log.MetricsListening(logger, port);
            }
            catch (Exception e) when (e is InvalidOperationException or System.Net.HttpListenerException)
            {
                Log.MetricsFailed(logger, port, e.InnerException?.Message ?? e.Message);
            }
        }
        var endpoint = options.OtlpEndpoint;
        var standard = Environment.GetEnvironmentVariable(StandardEndpointVariable);
        if (!string.IsNullOrWhiteSpace(endpoint) || !string.IsNullOrWhiteSpace(standard))
        {
            _tracers = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(resource)
                .AddSource(DiscordTracing.SourceName, AnswerTracing.SourceName)
                .AddOtlpExporter(o =>
                {
                    if (string.IsNullOrWhiteSpace(endpoint)) return; // the OTEL_EXPORTER_OTLP_* variables decide
                    var grpc = options.OtlpProtocol == "grpc";
                    o.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                    o.Endpoint = TracesEndpoint(new Uri(endpoint), grpc);
                })
                .Build();
            Log.TracesExported(logger, string.IsNullOrWhiteSpace(endpoint) ? $"{StandardEndpointVariable}" : SafeEndpoint(new Uri(endpoint)));
        }
        return Task.CompletedTask;
    }

    /// <summary>For http/protobuf a base URL gets the signal path <c>/v1/traces</c> (as the standard variable does); a URL with a path is used as it is.</summary>
    internal static Uri TracesEndpoint(Uri endpoint, bool grpc) =>
        grpc || endpoint.AbsolutePath.Trim('/').Length > 0 ? endpoint : new Uri(endpoint, "/v1/traces");

    // Why: a collector URL may carry credentials in its user info; the log shows only where it goes.
    private static string SafeEndpoint(Uri endpoint) =>
        $"{endpoint.Scheme}://{endpoint.Host}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}{endpoint.AbsolutePath}";

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // Disposing flushes: the spans still batched are exported before the process ends.
        _tracers?.Dispose();
        _meters?.Dispose();
        _tracers = null;
        _meters = null;
        return Task.CompletedTask;
    }
}
