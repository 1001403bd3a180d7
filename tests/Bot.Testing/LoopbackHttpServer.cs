using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Testing;

/// <summary>
/// A tiny HTTP server on 127.0.0.1 for tests: every request is recorded and answered by the given handler. Kestrel binds
/// port 0 and the server reads the port the OS gave it, so there is no probe-then-bind race with parallel tests.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<RecordedRequest, HttpResponse, Task> _handler;

    public LoopbackHttpServer(Func<RecordedRequest, HttpResponse, Task> handler)
    {
        _handler = handler;
        // The empty builder reads no appsettings.json, environment or command line: nothing from the test's folder
        // (e.g. the bot's own appsettings.json next to the CLI tests) can reconfigure Kestrel or logging.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(HandleAsync);
        // Binding a loopback socket is immediate; constructors stay synchronous for the many `new FakeXServer { … }` users.
        // Task.Run keeps the start off the test's synchronization context.
        Task.Run(() => _app.StartAsync()).GetAwaiter().GetResult();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        Port = new Uri(address).Port;
    }

    public int Port { get; }

    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static async Task WriteAsync(HttpResponse response, int status, string body, string contentType = "application/json")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        await WriteAsync(response, status, bytes, contentType);
    }

    public static async Task WriteAsync(HttpResponse response, int status, byte[] body, string contentType = "application/octet-stream")
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, response.HttpContext.RequestAborted);
        await response.CompleteAsync();
    }

    public async ValueTask DisposeAsync()
    {
        // Requests still in flight (a "hung model" the client gave up on) get a moment, then their connections are
        // aborted, which cancels RequestAborted for handlers that wait.
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new RecordedRequest(context.Request.Method, context.Request.Path.ToUriComponent(), headers, body);
        Requests.Enqueue(request);
        try
        {
            await _handler(request, context.Response);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // Client went away (e.g. a test cancelled or timed out the request).
        }
    }
}
