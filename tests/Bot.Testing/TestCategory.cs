namespace Bot.Testing;

/// <summary>
/// The names of the test categories, one place for the attributes and the filters. Every test class that starts a
/// process, a server or the embedding model, or runs the whole test corpus, is marked with <see cref="IntegrationAttribute"/> and so carries the trait
/// <c>Category=Integration</c> plus one <c>Category=</c> value per kind of resource; the rest is the fast unit set:
/// <c>dotnet test Bot.sln -c Release --filter "Category!=Integration"</c>.
/// </summary>
public static class TestCategory
{
    /// <summary>The xunit trait name the filters use (<c>--filter "Category=…"</c>).</summary>
    public const string Trait = "Category";

    /// <summary>Anything below: slow or dependent on the machine (processes, ports, binaries, a 90 MB model, minutes of questions).</summary>
    public const string Integration = "Integration";

    /// <summary>Starts a child process: the built <c>bot</c> executable, or PostgreSQL's initdb/pg_ctl.</summary>
    public const string Process = "Process";

    /// <summary>Starts a server on 127.0.0.1: a loopback HTTP or WebSocket fake (chat, embeddings, Discord) or PostgreSQL.</summary>
    public const string Server = "Server";

    /// <summary>Loads the packaged all-MiniLM-L6-v2 embedding model (ONNX inference over real text).</summary>
    public const string Model = "Model";

    /// <summary>Indexes and asks the SQuAD dev corpus (<c>tests/data/squad-dev</c>) end to end: hundreds or thousands of questions.</summary>
    public const string Corpus = "Corpus";
}
