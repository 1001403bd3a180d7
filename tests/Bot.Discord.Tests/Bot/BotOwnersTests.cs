using System.Text.Json;
using Bot.Discord.Bot;

namespace Bot.Discord.Tests.Bot;

public sealed class BotOwnersTests
{
    [Fact]
    public void A_personal_application_is_owned_by_its_owner()
    {
        using var doc = JsonDocument.Parse("""{"id":"1","owner":{"id":"42"},"team":null}""");
        Assert.Equal([42ul], BotOwners.Read(doc.RootElement));
    }

    [Fact]
    public void A_team_application_is_owned_by_the_team_owner_and_its_admins_not_its_other_members()
    {
        using var doc = JsonDocument.Parse("""
            {"id":"1","owner":{"id":"9000"},"team":{"owner_user_id":"7","members":[
              {"role":"admin","user":{"id":"8"}},{"role":"developer","user":{"id":"10"}},{"role":"read_only","user":{"id":"11"}}]}}
            """);
        Assert.Equal([7ul, 8ul], BotOwners.Read(doc.RootElement).Order());
    }
}
