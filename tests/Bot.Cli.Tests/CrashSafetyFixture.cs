using Bot.Cli.Tests.TestSupport;

namespace Bot.Cli.Tests;

/// <summary>
/// Seeds in a "before" state indexed into <see cref="BaseData"/>, then changed (updates, additions, renames, a
/// duplicate, removals); <see cref="Reference"/> is the index an uninterrupted `bot index` makes of the changed seeds.
/// </summary>
public sealed class CrashSafetyFixture : IAsyncLifetime, IDisposable
{
    public TempFolder Seeds { get; } = new();
    public TempFolder BaseData { get; } = new();
    public string Reference { get; private set; } = "";

    public async Task InitializeAsync()
    {
        // Three real articles (kept few: every scenario runs three `bot` processes) and small generated notes.
        foreach (var name in new[] { "huguenot.txt", "normans.txt", "1973-oil-crisis.txt" })
            File.Copy(Path.Combine(RepoPaths.SquadDocs, name), Path.Combine(Seeds.Path, name));
        for (int i = 0; i < 12; i++)
            Seeds.File($"notes/note-{i:D2}.txt", $"Note {i}\n\nThe surveyor measured {100 + i} metres of wall on day {i}.\n\nRain stopped the work after {i + 2} hours.\n");
        await MustSucceed("index");

        for (int i = 0; i < 4; i++) Seeds.File($"notes/note-{i:D2}.txt", $"Note {i}\n\nThe surveyor re-measured {200 + i} metres of wall.\n");
        for (int i = 0; i < 4; i++) Seeds.File($"new/extra-{i}.md", $"---\ntitle: Extra {i}\n---\nThe ferry {i} carried {30 + i} passengers across the bay.\n");
        Directory.CreateDirectory(Path.Combine(Seeds.Path, "history"));
        File.Move(Path.Combine(Seeds.Path, "1973-oil-crisis.txt"), Path.Combine(Seeds.Path, "history", "oil-crisis.txt"));
        File.Move(Path.Combine(Seeds.Path, "notes", "note-10.txt"), Path.Combine(Seeds.Path, "notes", "note-ten.txt"));
        File.Copy(Path.Combine(Seeds.Path, "huguenot.txt"), Path.Combine(Seeds.Path, "zz-huguenot-copy.txt"));
        File.Delete(Path.Combine(Seeds.Path, "normans.txt"));
        File.Delete(Path.Combine(Seeds.Path, "notes", "note-11.txt"));

        using var reference = CopyOfBase();
        await MustSucceed("index", reference.Path);
        Reference = IndexSnapshot.Read(Path.Combine(reference.Path, "index.db"));
    }

    public TempFolder CopyOfBase()
    {
        var copy = new TempFolder();
        foreach (var f in Directory.GetFiles(BaseData.Path)) File.Copy(f, Path.Combine(copy.Path, Path.GetFileName(f)));
        return copy;
    }

    public async Task<BotProcess.Result> MustSucceed(string command, string? data = null, params string[] more)
    {
        var r = await BotProcess.RunAsync([command, .. more, "--seeds", Seeds.Path, "--data", data ?? BaseData.Path]);
        Assert.True(r.ExitCode == 0, $"bot {command} {string.Join(' ', more)} exited {r.ExitCode}: {r.Stderr}{r.Stdout}");
        return r;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Seeds.Dispose();
        BaseData.Dispose();
    }
}
