using System.Globalization;
using System.Net;
using System.Text;
using Bot.Discord.Sharding;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Bot;

/// <summary>
/// With <see cref="DiscordOptions.HealthPort"/> set: <c>GET /healthz</c> on 127.0.0.1 (200 when every shard this process
/// runs is READY, else 503). <c>/metrics</c> on the same port is OpenTelemetry's Prometheus exporter
/// (<see cref="Telemetry.TelemetryExport"/>): the two listeners share the port by path. Off by default.
/// </summary>
public sealed class HealthEndpoint(ShardedGateway gateway, IOptions<DiscordOptions> options, ILogger<HealthEndpoint> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var port = options.Value.HealthPort;
        if (port <= 0) return;
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        try
        {
            listener.Start();
        }
        catch (HttpListenerException e)
        {
            Log.HealthEndpointFailed(logger, port, e.Message);
            return;
        }
        Log.HealthEndpointListening(logger, port);
        using var stop = stoppingToken.Register(listener.Stop);
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }
            await AnswerAsync(context).ConfigureAwait(false);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var response = context.Response;
        string body;
        if (context.Request.Url?.AbsolutePath == "/healthz")
        {
            var ready = gateway.IsReady;
            response.StatusCode = ready ? 200 : 503;
            body = ready ? "ready\n" : "not ready\n";
        }
        else
        {
            response.StatusCode = 404;
            body = "not found (/healthz, /metrics)\n";
        }
        var bytes = Encoding.UTF8.GetBytes(body);
        try
        {
            await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        }
        catch (HttpListenerException)
        {
            // The client went away.
        }
    }
}
