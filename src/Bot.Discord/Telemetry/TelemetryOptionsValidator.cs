using Microsoft.Extensions.Options;

namespace Bot.Discord.Telemetry;

/// <summary>Start-up validation of <see cref="TelemetryOptions"/>.</summary>
public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint) &&
            (!Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            failures.Add($"Bot:Telemetry:OtlpEndpoint must be an absolute http(s) URL such as http://127.0.0.1:4318 (got '{options.OtlpEndpoint}')");
        if (options.OtlpProtocol is not ("http/protobuf" or "grpc"))
            failures.Add($"Bot:Telemetry:OtlpProtocol must be http/protobuf or grpc (got '{options.OtlpProtocol}')");
        if (string.IsNullOrWhiteSpace(options.ServiceName)) failures.Add("Bot:Telemetry:ServiceName must not be empty");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
