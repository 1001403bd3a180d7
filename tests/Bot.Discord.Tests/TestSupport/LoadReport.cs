namespace Bot.Discord.Tests.TestSupport;

/// <summary>What a <see cref="LoadScenario"/> run gave, counted at the fake Discord.</summary>
public sealed record LoadReport(
    int NormalQuestions,
    int AnsweredOnce,
    int AnsweredMoreThanOnce,
    int Unanswered,
    int BusyReplies,
    int LimitedRepliesToOthers,
    int FlooderAnswers,
    int FlooderPoliteReplies,
    int RouteViolations,
    int GlobalViolations,
    int MaxGatewayCommandsPerMinute,
    int GatewayConnections,
    TimeSpan Took,
    IReadOnlyList<TimeSpan> Latencies)
{
    public TimeSpan Percentile(double p)
    {
        if (Latencies.Count == 0) return TimeSpan.Zero;
        var sorted = Latencies.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public override string ToString() =>
        $"{NormalQuestions} questions: {AnsweredOnce} answered once, {AnsweredMoreThanOnce} more than once, {Unanswered} unanswered, {BusyReplies} busy, " +
        $"{LimitedRepliesToOthers} limited; flooder: {FlooderAnswers} answered, {FlooderPoliteReplies} polite; violations route {RouteViolations}, global {GlobalViolations}; " +
        $"gateway: {GatewayConnections} connection(s), at most {MaxGatewayCommandsPerMinute} commands in 60 s; took {Took.TotalSeconds:F1} s; " +
        $"message in → reply out p50 {Percentile(0.5).TotalMilliseconds:F0} ms, p95 {Percentile(0.95).TotalMilliseconds:F0} ms";
}
