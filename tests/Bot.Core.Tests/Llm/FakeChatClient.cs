using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Bot.Core.Tests.Llm;

/// <summary>An in-process <see cref="IChatClient"/> whose replies come from a script; records the user text of every call.</summary>
internal sealed class FakeChatClient(Func<string, string> reply) : IChatClient
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var user = Record(messages);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply(user))));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var user = Record(messages);
        foreach (var word in reply(user).Split(' '))
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, word + " ");
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private string Record(IEnumerable<ChatMessage> messages)
    {
        var user = string.Join("\n", messages.Where(m => m.Role == ChatRole.User).Select(m => m.Text));
        Calls.Enqueue(user);
        return user;
    }
}
