using System.Globalization;
using System.Net;
using System.Text;
using Bot.Discord.Rest;
using Bot.Discord.Sharding;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Bot;

/// <summary>
/// With <see cref="DiscordOptions.HealthPort"/> set: <c>GET /healthz</c> on 127.0.0.1 (200 when every shard this process
/// runs is READY, else 503) and <c>GET /metrics</c> in the Prometheus text format (questions answered, limited and turned
/// away busy, queue depth, shards' states, heartbeat latency, resumes, invalid requests). Off by default.
/// </summary>
public sealed class HealthEndpoint(
    ShardedGateway gateway,
    DiscordBot bot,
    QuestionAdmission admission,
    ChannelAnswerer answers,
    DiscordRestClient rest,
    IOptions<DiscordOptions> options,
    ILogger<HealthEndpoint> logger) : BackgroundService
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
        switch (context.Request.Url?.AbsolutePath)
        {
            case "/healthz":
                var ready = gateway.IsReady;
                response.StatusCode = ready ? 200 : 503;
                body = ready ? "ready\n" : "not ready\n";
                break;
            case "/metrics":
                response.ContentType = "text/plain; version=0.0.4";
                body = Metrics();
                break;
            default:
                response.StatusCode = 404;
                body = "not found\n";
                break;
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

    internal string Metrics()
    {
        var m = new StringBuilder();
        void Line(string name, string help, string type, params (string Labels, double Value)[] values)
        {
            m.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");
            foreach (var (labels, value) in values) m.Append(CultureInfo.InvariantCulture, $"{name}{labels} {value}\n");
        }

        var shards = gateway.Shards;
        Line("bot_discord_questions_answered_total", "Questions answered (mentions, DMs, /ask).", "counter", ("", bot.Answered));
        Line("bot_discord_questions_limited_total", "Questions turned away by the per-user or per-channel rate.", "counter", ("", admission.Limited));
        Line("bot_discord_questions_busy_total", "Questions turned away because the queue was full.", "counter", ("", admission.Busy));
        Line("bot_discord_question_queue_depth", "Questions accepted and waiting for an answer slot.", "gauge", ("", Math.Max(0, admission.Pending - answers.Active)));
        Line("bot_discord_questions_answering", "Questions being answered now.", "gauge", ("", answers.Active));
        Line("bot_discord_shard_count", "Shards of the bot in all.", "gauge", ("", gateway.ShardCount));
        Line("bot_discord_shard_ready", "1 when the shard's session is READY.", "gauge",
            [.. shards.Select(s => ($"{{shard=\"{s.Shard.Id}\"}}", s.IsReady ? 1d : 0d))]);
        Line("bot_discord_gateway_latency_ms", "Heartbeat ACK latency per shard.", "gauge",
            [.. shards.Where(s => s.Latency is not null).Select(s => ($"{{shard=\"{s.Shard.Id}\"}}", s.Latency!.Value.TotalMilliseconds))]);
        Line("bot_discord_gateway_connections_total", "Gateway connections opened per shard.", "counter",
            [.. shards.Select(s => ($"{{shard=\"{s.Shard.Id}\"}}", (double)s.Connections))]);
        Line("bot_discord_gateway_resumes_total", "Sessions resumed per shard.", "counter", [.. shards.Select(s => ($"{{shard=\"{s.Shard.Id}\"}}", (double)s.Resumes))]);
        Line("bot_discord_rest_invalid_requests_10m", "401/403/429 responses in the last 10 minutes.", "gauge", ("", rest.RecentInvalidRequests));
        Line("bot_discord_rest_invalid_requests_total", "401/403/429 responses since start.", "counter", ("", rest.InvalidRequests));
        return m.ToString();
    }
}
