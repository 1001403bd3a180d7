using System.Diagnostics;
using System.Globalization;
using Bot.Core.Answering;
using Bot.Core.Conversations;
using Microsoft.Extensions.Options;

namespace Bot.DiscordBench;

/// <summary>
/// What a new channel's first turn costs once the in-memory conversation store is at its cap (a bot in many channels
/// stays there): bytes allocated and time per append, averaged over 3,000 new conversations.
/// </summary>
internal static class ConversationCapBench
{
    public static async Task RunAsync(int cap)
    {
        var store = new InMemoryConversationStore(Options.Create(new ConversationOptions { MaxConversations = cap }));
        var turn = new ChatTurn("when did Russia delist the Taliban?", new string('x', 300));
        for (var i = 0; i < cap; i++) await store.AppendAsync("c" + i.ToString(CultureInfo.InvariantCulture), turn, CancellationToken.None);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        for (var i = cap; i < cap + 3_000; i++) await store.AppendAsync("c" + i.ToString(CultureInfo.InvariantCulture), turn, CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"conversation store at its cap of {cap}: {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 3000 / 1024.0:F1} KiB allocated and {clock.Elapsed.TotalMilliseconds / 3000:F3} ms per new conversation"));
    }
}
