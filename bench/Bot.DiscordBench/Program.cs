using System.Globalization;
using Bot.DiscordBench;

// Discord benchmark (issue 16). Modes:
//   latency [--shards 1,2,4] [--questions 300] [--rate 10]  message in -> reply out beyond answer time, in process
//   memory  [--shards 1,2,4]                                 the real `bot discord` per shard count: memory once READY
//   soak    [--minutes 10] [--rate 5]                        the real `bot discord` under channel churn: memory over time
//   (memory and soak: --set Bot__X__Y=value passes a setting to the bot, e.g. Bot__Conversations__MaxConversations=1000;
//    soak: --gcdump ~/.dotnet/tools/dotnet-gcdump also measures the live heap every 2 minutes)
//   load    [--seconds 120]                                  the load (1,000 + a flooder's 200) in real time
//   conversations                                            a new conversation's cost at the conversation store's cap
//   takeover [--runs 5] [--lease 00:00:05/00:00:20]          takeover time after a SIGKILL, two real processes on PostgreSQL
//                                                            (default: the test's 0.3 s / 2 s lease timings, then the shipped 5 s / 20 s)
var mode = args.Length > 0 ? args[0] : "";
var shards = new List<int> { 1, 2, 4 };
int questions = 300;
double? rate = null;
double minutes = 10, seconds = 120;
int runs = 5;
var leases = new List<(string Interval, string Ttl)>();
for (var i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--shards": shards = [.. args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))]; break;
        case "--questions": questions = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--rate": rate = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--minutes": minutes = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--seconds": seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--gcdump": // soak: the live heap every 2 minutes by this dotnet-gcdump (it induces a full collection)
            ChildBot.GcDumpTool = args[++i];
            break;
        case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--lease" when i + 1 < args.Length && args[i + 1].Split('/') is [var interval, var ttl]:
            leases.Add((interval, ttl));
            i++;
            break;
        case "--set" when i + 1 < args.Length && args[i + 1].Split('=', 2) is [var key, var value]: // environment for the child bot (memory, soak)
            ChildBot.Settings[key] = value;
            i++;
            break;
        default: return Usage();
    }
}
switch (mode)
{
    case "latency":
        await LatencyBench.RunAsync(1, 50, rate ?? 10, print: false); // warm-up (JIT, first host), not reported: the first measured run would pay it
        foreach (var n in shards) await LatencyBench.RunAsync(n, questions, rate ?? 10);
        return 0;
    case "memory":
        foreach (var n in shards) await ChildBot.MemoryAsync(n);
        return 0;
    case "soak":
        await ChildBot.SoakAsync(TimeSpan.FromMinutes(minutes), rate ?? 5);
        return 0;
    case "load":
        await LoadBench.RunAsync(TimeSpan.FromSeconds(seconds));
        return 0;
    case "conversations":
        await ConversationCapBench.RunAsync(10_000);
        return 0;
    case "takeover":
        await TakeoverBench.RunAsync(runs, leases.Count > 0 ? leases : [("00:00:00.300", "00:00:02"), ("00:00:05", "00:00:20")]);
        return 0;
    default:
        return Usage();
}

static int Usage()
{
    Console.Error.WriteLine("usage: Bot.DiscordBench latency [--shards 1,2,4] [--questions 300] [--rate 10] | memory [--shards 1,2,4] | soak [--minutes 10] [--rate 5] | load [--seconds 120] | conversations | takeover [--runs 5] [--lease interval/ttl]; memory and soak take --set Bot__X__Y=value, soak --gcdump PATH");
    return 2;
}
