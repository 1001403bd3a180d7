using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Bot.Discord.Bot;
using Bot.Discord.Tests.Fake;

namespace Bot.Discord.Tests.TestSupport;

/// <summary>
/// Sends a <see cref="LoadProfile"/> through the fake Discord to a running bot, on schedule, and counts what came back:
/// replies per question (by <c>message_reference</c>), busy and limited replies, the fake's bucket violations and the
/// bot's gateway commands per 60 s (Discord closes with 4008 above 120). Used by the CI load test (time compressed) and
/// the benchmark (the real 2 minutes).
/// </summary>
public static class LoadScenario
{
    private const string Messages = "/channels/{channel_id}/messages";

    public static async Task<LoadReport> RunAsync(FakeDiscord fake, LoadProfile profile, TimeSpan? drain = null)
    {
        ArgumentNullException.ThrowIfNull(fake);
        ArgumentNullException.ThrowIfNull(profile);
        // Each user's questions evenly over the span, users phased apart; the flooder's evenly too.
        var schedule = new List<(double At, ulong User, ulong Channel, string Text)>();
        var step = profile.Span.TotalSeconds / profile.QuestionsPerUser;
        for (var u = 0; u < profile.Users; u++)
            for (var q = 0; q < profile.QuestionsPerUser; q++)
                schedule.Add(((q + (double)u / profile.Users) * step, LoadProfile.UserId(u), LoadProfile.ChannelOf(u), $"user {u} question {q}?"));
        for (var f = 0; f < profile.FlooderQuestions; f++)
            schedule.Add((f * profile.Span.TotalSeconds / profile.FlooderQuestions, LoadProfile.FlooderId, LoadProfile.FlooderChannel, $"flood {f}?"));
        schedule.Sort((a, b) => a.At.CompareTo(b.At));

        var normalIds = new HashSet<string>(StringComparer.Ordinal);
        var flooderIds = new HashSet<string>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        foreach (var (at, user, channel, text) in schedule)
        {
            var wait = TimeSpan.FromSeconds(at) - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            var message = fake.Message(text, channel, authorId: user, mentionBot: true);
            (user == LoadProfile.FlooderId ? flooderIds : normalIds).Add(message["id"]!.GetValue<string>());
            await fake.DispatchAsync("MESSAGE_CREATE", message);
        }
        // Wait for the replies to settle: every normal question answered (or a timeout), then a moment for stragglers.
        var deadline = clock.Elapsed + (drain ?? TimeSpan.FromSeconds(60));
        while (clock.Elapsed < deadline && ReplyCounts(fake, normalIds).Count < normalIds.Count) await Task.Delay(100);
        await Task.Delay(500);
        var took = clock.Elapsed;

        var posts = fake.Calls("POST", Messages).Where(c => c.Status == 200).ToList();
        var byQuestion = ReplyCounts(fake, normalIds);
        var toOthers = posts.Where(p => p.Major != LoadProfile.FlooderChannel.ToString(CultureInfo.InvariantCulture)).ToList();
        var flooder = posts.Where(p => p.Major == LoadProfile.FlooderChannel.ToString(CultureInfo.InvariantCulture)).ToList();
        var latencies = new List<TimeSpan>();
        foreach (var post in toOthers)
            if (ReferenceOf(post) is { } id && normalIds.Contains(id) && fake.DispatchedAt.TryGetValue(id, out var sent) && IsAnswer(post))
                latencies.Add(post.At - sent);
        return new LoadReport(
            normalIds.Count,
            byQuestion.Count(kv => kv.Value == 1),
            byQuestion.Count(kv => kv.Value > 1),
            normalIds.Count - byQuestion.Count,
            posts.Count(p => p.Content == QuestionAdmission.BusyText),
            toOthers.Count(p => p.Content is QuestionAdmission.UserLimitedText or QuestionAdmission.ChannelLimitedText),
            flooder.Count(IsAnswer),
            flooder.Count(p => p.Content is QuestionAdmission.UserLimitedText or QuestionAdmission.ChannelLimitedText),
            fake.Violations,
            fake.GlobalViolations,
            MaxCommandsPerMinute(fake),
            fake.Connections.Count,
            took,
            latencies);
    }

    private static bool IsAnswer(RestCall post) =>
        post.Content is { } c && c != QuestionAdmission.BusyText && c != QuestionAdmission.UserLimitedText && c != QuestionAdmission.ChannelLimitedText;

    /// <summary>Answers (not busy or limited replies) per question id, among <paramref name="ids"/>.</summary>
    private static Dictionary<string, int> ReplyCounts(FakeDiscord fake, HashSet<string> ids)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var post in fake.Calls("POST", Messages))
            if (post.Status == 200 && IsAnswer(post) && ReferenceOf(post) is { } id && ids.Contains(id))
                counts[id] = counts.GetValueOrDefault(id) + 1;
        return counts;
    }

    private static string? ReferenceOf(RestCall post) =>
        post.Json.ValueKind == JsonValueKind.Object && post.Json.TryGetProperty("message_reference", out var r) && r.TryGetProperty("message_id", out var m)
            ? m.GetString()
            : null;

    /// <summary>The most gateway commands the bot sent on one connection within any 60 s.</summary>
    private static int MaxCommandsPerMinute(FakeDiscord fake)
    {
        var most = 0;
        foreach (var connection in fake.Received.GroupBy(f => f.Connection))
        {
            var times = connection.Select(f => f.At).Order().ToList();
            for (int i = 0, j = 0; j < times.Count; j++)
            {
                while (times[j] - times[i] >= TimeSpan.FromSeconds(60)) i++;
                most = Math.Max(most, j - i + 1);
            }
        }
        return most;
    }
}
