using System.Text;
using Bot.Core.Answering;
using Xunit.Abstractions;

namespace Bot.Core.Tests.Architecture;

/// <summary>
/// No two folders (namespaces) of Bot.Core depend on each other, directly or through others: the folders form layers,
/// so a change in one cannot loop back into itself. docs/architecture.md lists what each folder uses.
/// </summary>
public sealed class FolderCycleTests(ITestOutputHelper output)
{
    [Fact]
    public void No_Bot_Core_folder_depends_on_a_folder_that_depends_back_on_it()
    {
        var graph = new NamespaceGraph(typeof(IAnswerer).Assembly, "Bot.Core");
        var cycles = graph.Cycles();

        var message = new StringBuilder();
        foreach (var cycle in cycles)
        {
            message.Append("These folders depend on each other: ").AppendJoin(", ", cycle).Append('\n');
            foreach (var from in cycle)
            {
                foreach (var (to, (user, used)) in graph.Edges[from].Where(e => cycle.Contains(e.Key)))
                    message.Append("  ").Append(from).Append(" -> ").Append(to).Append("  (").Append(user.FullName).Append(" uses ").Append(used.FullName).Append(")\n");
            }
        }
        Assert.True(cycles.Count == 0, message.ToString());
    }

    [Fact]
    public void The_graph_sees_signatures_and_method_bodies()
    {
        var graph = new NamespaceGraph(typeof(IAnswerer).Assembly, "Bot.Core");
        Assert.True(graph.Edges.Count > 10);
        // Llm's answerer is built over the answering contracts (a signature), and reads prompts from files (a body).
        Assert.Contains("Bot.Core.Answering", graph.Edges["Bot.Core.Llm"].Keys);
        foreach (var (from, uses) in graph.Edges) output.WriteLine($"{from} -> {string.Join(", ", uses.Keys)}");
    }
}
