using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Feedback;

/// <summary>Under a Generic Host (`bot discord`): purges expired rows at start and then daily, while logging is on.</summary>
public sealed class FeedbackRetentionService(QuestionLog log, ILogger<FeedbackRetentionService> logger, TimeProvider? time = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!log.Enabled) return;
        var t = time ?? TimeProvider.System;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await log.PurgeExpiredAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.PurgeFailed(logger, e.Message.Split('\n', 2)[0]);
                }
                await Task.Delay(TimeSpan.FromDays(1), t, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
