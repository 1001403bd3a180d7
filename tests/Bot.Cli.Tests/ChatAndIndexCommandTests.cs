using System.Text.Json;
using Bot.Cli.Tests.TestSupport;

namespace Bot.Cli.Tests;

[Integration(TestCategory.Process, TestCategory.Model)]
public sealed class ChatAndIndexCommandTests : IDisposable
{
    private readonly TempFolder _seeds = new();
    private readonly TempFolder _data = new();

    public ChatAndIndexCommandTests()
    {
        File.Copy(Path.Combine(RepoPaths.Seeds, "russia-recognises-taliban.txt"), Path.Combine(_seeds.Path, "russia.txt"));
    }

    private Task<BotProcess.Result> Bot(string stdin, params string[] args) =>
        BotProcess.RunAsync(args.Concat(["--seeds", _seeds.Path, "--data", _data.Path]), stdin);

    [Fact]
    public async Task Chat_is_scriptable_through_standard_input()
    {
        var r = await Bot("/help\nwho praised the step?\n/sources\nWhat is the capital of Australia?\n/quit\nnever asked\n", "chat");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("/quit", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("> Afghanistan’s Foreign Minister, Amir Khan Muttaqi, praised the step.", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("[1]", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("russia.txt", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("Not found in the sources.", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("never asked", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_reads_a_follow_up_with_the_earlier_question_without_an_llm()
    {
        var r = await Bot("when did Russia delist the Taliban?\nand when did they blacklist them?\n/new\nand when did they blacklist them?\n", "chat", "--no-llm");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("> In 2003, Russia blacklisted the Taliban as terrorists", r.Stdout, StringComparison.Ordinal);
        // Once: the question after /new has no conversation to lean on.
        Assert.Single(r.Stdout.Split("Read as a follow-up to “when did Russia delist the Taliban?”", StringSplitOptions.None).Skip(1));
    }

    [Fact]
    public async Task Index_reports_counts_and_bad_files_by_name_as_json()
    {
        _seeds.Bytes("photo.txt", [0xFF, 0xD8, 0x00, 0x10]);
        _seeds.File("notes.docx", "x");
        var r = await Bot("", "index", "--json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.Equal(1, json.RootElement.GetProperty("added").GetInt32());
        var problems = json.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("path").GetString()).ToList();
        Assert.Contains("photo.txt", problems);
        Assert.Contains("notes.docx", problems);

        var again = await Bot("", "index", "--json");
        using var json2 = JsonDocument.Parse(again.Stdout);
        Assert.Equal(0, json2.RootElement.GetProperty("added").GetInt32());
        Assert.Equal(1, json2.RootElement.GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task Ask_refreshes_a_stale_index_so_a_new_seed_answers()
    {
        Assert.Equal(0, (await Bot("", "index")).ExitCode);
        _seeds.File("lighthouse.md", "---\ntitle: Lighthouse log\n---\nThe keeper counted 42 ships in March.\n");
        // A budget a loaded machine cannot exhaust: this is about the refresh happening, not its speed.
        var r = await BotProcess.RunAsync(["ask", "How many ships did the keeper count?", "--json", "--seeds", _seeds.Path, "--data", _data.Path],
            env: new Dictionary<string, string> { ["Bot__Index__AskRefreshSeconds"] = "120" });
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        var q = json.RootElement.GetProperty("quotes")[0];
        Assert.Equal("lighthouse.md", q.GetProperty("path").GetString());
        Assert.Equal("Lighthouse log", q.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Sources_refreshes_the_index_and_lists_documents_and_the_retrieval_mode()
    {
        var r = await Bot("", "sources", "--json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.Contains("BM25", json.RootElement.GetProperty("retrieval").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("SQLite", json.RootElement.GetProperty("index").GetString(), StringComparison.Ordinal);
        var doc = Assert.Single(json.RootElement.GetProperty("documents").EnumerateArray());
        Assert.Equal("russia.txt", doc.GetProperty("path").GetString());
        Assert.True(doc.GetProperty("passages").GetInt32() > 0);
    }

    public void Dispose()
    {
        _seeds.Dispose();
        _data.Dispose();
    }
}
