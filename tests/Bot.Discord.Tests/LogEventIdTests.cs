using System.Reflection;
using Bot.Discord.Gateway;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Tests;

/// <summary>The log lines of Bot.Discord (Log and the classes that take ranges from its free one) keep distinct event ids.</summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void Every_log_line_of_Bot_Discord_has_its_own_event_id()
    {
        var lines = typeof(GatewayClient).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.Name}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(l => l.Attribute is not null)
            .ToList();
        Assert.NotEmpty(lines);
        var shared = lines.GroupBy(l => l.Attribute!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(l => l.Method))}").ToList();
        Assert.Empty(shared);
    }
}
