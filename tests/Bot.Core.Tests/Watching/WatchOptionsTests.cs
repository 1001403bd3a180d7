using Bot.Core.DependencyInjection;
using Bot.Core.Tests.TestSupport;
using Bot.Core.Watching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests.Watching;

public sealed class WatchOptionsTests
{
    [Fact]
    public void A_debounce_out_of_range_is_rejected_with_the_setting_named()
    {
        var settings = new Dictionary<string, string?> { ["Bot:Watch:DebounceMilliseconds"] = "0" };
        using var services = CoreHost.Create("seeds", "data", settings, s => s.AddSeedWatching(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));
        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<WatchOptions>>().Value);
        Assert.Contains("DebounceMilliseconds", e.Message, StringComparison.Ordinal);
    }
}
