namespace Bot.Discord.Telemetry;

/// <summary>
/// <c>Bot:Telemetry</c>: where traces go. Metrics are served on <see cref="DiscordOptions.HealthPort"/>; traces are
/// exported by OTLP only when an endpoint is configured here or by the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Bot:Telemetry";

    /// <summary>
    /// The OTLP collector, e.g. <c>http://127.0.0.1:4318</c> (http/protobuf: <c>/v1/traces</c> is appended when the URL has
    /// no path) or <c>http://127.0.0.1:4317</c> with <see cref="OtlpProtocol"/> <c>grpc</c>. Empty: no OTLP export unless
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (then every <c>OTEL_EXPORTER_OTLP_*</c> variable applies as usual).
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>http/protobuf</c> (default) or <c>grpc</c>, for <see cref="OtlpEndpoint"/>.</summary>
    public string OtlpProtocol { get; set; } = "http/protobuf";

    /// <summary>The <c>service.name</c> the traces and metrics carry.</summary>
    public string ServiceName { get; set; } = "bot";
}
