using Bot.Discord.Gateway;

namespace Bot.Discord.Tests.Gateway;

/// <summary>
/// A shard's checkpoint, the sequence saved for the next process to RESUME from: it passes an event only once every
/// hold on it is released, so events still being answered are sent again to the process that takes the shard over.
/// </summary>
public sealed class ShardCheckpointTests
{
    [Fact]
    public void The_checkpoint_stays_before_an_event_until_the_work_taken_up_for_it_is_done()
    {
        var checkpoint = new ShardCheckpoint();
        checkpoint.Reset(null);
        Assert.Null(checkpoint.Value);

        checkpoint.Receive(1).Release(); // READY: done once the handler returns
        var question = checkpoint.Receive(2).Hold(); // taken up as background work
        question.Release(); // the reader's hold
        checkpoint.Receive(3).Release(); // a later event done at once

        Assert.Equal(1, checkpoint.Value);
        Assert.Equal(1, checkpoint.Pending);
        question.Release(); // answered
        Assert.Equal(3, checkpoint.Value);
        Assert.Equal(0, checkpoint.Pending);
    }

    [Fact]
    public void Work_never_released_keeps_the_checkpoint_before_it_however_many_events_follow()
    {
        var checkpoint = new ShardCheckpoint();
        checkpoint.Reset(10); // a restored session, resumed at 10
        Assert.Equal(10, checkpoint.Value);

        checkpoint.Receive(11).Hold(); // cancelled by a stop, or left for the next process: never released
        for (var s = 12; s <= 40; s++) checkpoint.Receive(s).Release();

        Assert.Equal(10, checkpoint.Value);
    }

    [Fact]
    public void A_new_session_starts_afresh_and_the_old_sessions_holds_no_longer_count()
    {
        var checkpoint = new ShardCheckpoint();
        checkpoint.Reset(null);
        var old = checkpoint.Receive(7);
        checkpoint.Reset(null); // IDENTIFY: a new session, its sequence starts at 1 again

        var ready = checkpoint.Receive(1);
        old.Release();
        Assert.Equal(0, checkpoint.Value);
        ready.Release();
        Assert.Equal(1, checkpoint.Value);
    }
}
