using Xunit.Sdk;

namespace Bot.Testing;

/// <summary>
/// Marks a test class (or test) as an integration test that uses the given kinds of resource —
/// <see cref="TestCategory.Process"/>, <see cref="TestCategory.Server"/>, <see cref="TestCategory.Model"/>, <see cref="TestCategory.Corpus"/>. It adds the
/// trait <c>Category=Integration</c> and one <c>Category=&lt;kind&gt;</c> per kind, so
/// <c>--filter "Category!=Integration"</c> leaves the fast unit set.
/// </summary>
[TraitDiscoverer("Bot.Testing.IntegrationTraitDiscoverer", "Bot.Testing")]
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class IntegrationAttribute : Attribute, ITraitAttribute
{
    public IntegrationAttribute(params string[] kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        // A typo would put a class in the wrong finer category, and none would leave it without a reason to be slow.
        if (kinds.Length == 0) throw new ArgumentException("Name at least one kind: a TestCategory constant.", nameof(kinds));
        foreach (var kind in kinds)
        {
            if (kind is not (TestCategory.Process or TestCategory.Server or TestCategory.Model or TestCategory.Corpus))
                throw new ArgumentException($"Unknown integration kind '{kind}': use a TestCategory constant.", nameof(kinds));
        }
        Kinds = kinds;
    }

    public IReadOnlyList<string> Kinds { get; }
}
