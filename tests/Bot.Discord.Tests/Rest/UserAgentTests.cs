using System.Reflection;
using Bot.Discord.Tests.Fake;
using Bot.Discord.Tests.TestSupport;

namespace Bot.Discord.Tests.Rest;

/// <summary>Discord asks for <c>User-Agent: DiscordBot (URL, version)</c> on REST requests (and we send it on the gateway handshake too).</summary>
[Integration(TestCategory.Server)]
public sealed class UserAgentTests
{
    private static readonly string Version =
        typeof(DiscordOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    [Fact]
    public async Task Rest_and_gateway_handshake_carry_the_configured_URL_and_the_library_version()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake, settings: new Dictionary<string, string?>
        {
            ["Bot:Discord:UserAgentUrl"] = "https://git.example.org/team/quote-bot",
        });
        var expected = $"DiscordBot (https://git.example.org/team/quote-bot, {Version})";

        Assert.NotEmpty(fake.Rest);
        Assert.All(fake.Rest, c => Assert.Equal(expected, c.UserAgent));
        Assert.Equal(expected, fake.Connections[0].UserAgent);
    }

    [Fact]
    public async Task Without_a_configured_URL_the_user_agent_says_it_is_not_set_rather_than_naming_another_project()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await using var bot = await BotHarness.StartAsync(fake);

        Assert.All(fake.Rest, c => Assert.Equal($"DiscordBot (https://user-agent-url-not-set.invalid, {Version})", c.UserAgent));
        Assert.Matches(@"^\d+\.\d+\.\d+", Version);
    }
}
