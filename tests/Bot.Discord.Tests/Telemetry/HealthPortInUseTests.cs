using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;

namespace Bot.Discord.Tests.Telemetry;

[Integration(TestCategory.Server)]
public sealed class HealthPortInUseTests
{
    [Fact]
    public async Task A_health_port_taken_by_another_program_is_logged_and_the_bot_answers_anyway()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake, settings: new Dictionary<string, string?> { ["Bot:Discord:HealthPort"] = port.ToString(CultureInfo.InvariantCulture) });

        await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("still answering?", 97, mentionBot: true));
        await fake.WaitAsync(() => bot.Posts(97).FirstOrDefault(), what: "the answer");
        await fake.WaitUntilAsync(() => bot.Logs.Lines.Any(l => l.Text.Contains($"Could not serve metrics on 127.0.0.1:{port}", StringComparison.Ordinal)) &&
                                         bot.Logs.Lines.Any(l => l.Text.Contains($"Could not serve health on 127.0.0.1:{port}", StringComparison.Ordinal)),
            what: "both listeners' failures logged");
    }
}
