using System.Diagnostics;
using System.Text;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;

namespace Bot.Discord.Tests.EndToEnd;

/// <summary>The real `bot discord` executable against the loopback fake Discord.</summary>
[Integration(TestCategory.Process, TestCategory.Server, TestCategory.Model)]
public sealed class BotDiscordCommandTests : IDisposable
{
    private readonly TempFolder _work = new();

    private Process Start(FakeDiscord fake, string token, StringBuilder stderr)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _work.Path,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bot.dll"));
        foreach (var a in new[] { "discord", "--seeds", RepoPaths.Seeds, "--data", Path.Combine(_work.Path, "data") }) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DISCORD_TOKEN"] = token;
        psi.Environment["Bot__Discord__ApiBaseUrl"] = fake.ApiBase;
        psi.Environment["Bot__Discord__ReconnectDelay"] = "00:00:00.100";
        var process = Process.Start(psi)!;
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr) stderr.AppendLine(e.Data);
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    [Fact]
    public async Task Bot_discord_answers_a_mention_and_stops_on_SIGTERM_closing_with_1000()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var stderr = new StringBuilder();
        using var process = Start(fake, fake.Token, stderr);
        try
        {
            await fake.WaitUntilAsync(() => fake.SessionId is not null, TimeSpan.FromSeconds(60), "READY");
            await fake.DispatchAsync("MESSAGE_CREATE", fake.Message("when did Russia delist the Taliban?", 90, mentionBot: true));
            var reply = await fake.WaitAsync(() => fake.Calls("POST", "/channels/{channel_id}/messages").FirstOrDefault(), TimeSpan.FromSeconds(30), "reply");
            Assert.StartsWith("> In April, Russia’s Supreme Court removed the Taliban", reply.Content, StringComparison.Ordinal);

            using (var kill = Process.Start("kill", $"-TERM {process.Id}")) await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(timeout.Token);
            lock (stderr) Assert.True(process.ExitCode == 0, stderr.ToString());
            await fake.Connections[0].Ended.Task.WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(1000, fake.Connections[0].ClientCloseCode);
            lock (stderr) Assert.DoesNotContain(fake.Token, stderr.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Bot_discord_exits_with_3_and_a_clear_message_when_Discord_rejects_the_token()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var stderr = new StringBuilder();
        using var process = Start(fake, "not-the-right-token", stderr);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            lock (stderr) Assert.True(process.ExitCode == 3, stderr.ToString());
            lock (stderr)
            {
                Assert.Contains("4004", stderr.ToString(), StringComparison.Ordinal);
                Assert.DoesNotContain("not-the-right-token", stderr.ToString(), StringComparison.Ordinal);
            }
            Assert.Single(fake.Connections); // no reconnect loop
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    public void Dispose() => _work.Dispose();
}
