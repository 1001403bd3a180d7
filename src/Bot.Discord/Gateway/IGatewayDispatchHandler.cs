namespace Bot.Discord.Gateway;

/// <summary>Receives dispatch events in order. Must return quickly (queue slow work): it runs on the reader loop.</summary>
public interface IGatewayDispatchHandler
{
    ValueTask HandleDispatchAsync(GatewayDispatch dispatch, CancellationToken cancellationToken);
}
