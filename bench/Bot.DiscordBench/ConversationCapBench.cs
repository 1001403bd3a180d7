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
    public static void Run(int cap)
    {
        var store = new InMemoryConversationStore(Options.Create(new ConversationOptions { MaxConversations = cap }));
        var turn = new ChatTurn("when did Russia delist the Taliban?", new string('x', 300));
        for (var i = 0; i < cap; i++) store.Append("c" + i.ToString(CultureInfo.InvariantCulture), turn);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (var i = cap; i < cap + 3_000; i++) store.Append("c" + i.ToString(CultureInfo.InvariantCulture), turn);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"conversation store at its cap of {cap}: {(GC.GetAllocatedBytesForCurrentThread() - allocated) / 3000 / 1024.0:F1} KiB allocated and {clock.Elapsed.TotalMilliseconds / 3000:F3} ms per new conversation"));
    }
}
