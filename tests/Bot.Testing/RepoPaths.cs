namespace Bot.Testing;

/// <summary>Finds files of the repository from the test's output folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Seeds => Path.Combine(Root, "seeds");

    public static string SquadDocs => Path.Combine(Root, "tests", "data", "squad-dev", "docs");

    public static string SquadQuestions => Path.Combine(Root, "tests", "data", "squad-dev", "questions.jsonl");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bot.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Bot.sln not found above " + AppContext.BaseDirectory);
    }
}
