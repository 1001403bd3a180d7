using System.Reflection;
using System.Reflection.Emit;

namespace Bot.Core.Tests.Architecture;

/// <summary>
/// Which namespaces (folders) of an assembly use which: every type's signatures (base type, interfaces, fields,
/// properties, events, method and constructor signatures, generic arguments) and method bodies (the IL's type, field,
/// method and token operands). A nested type, including the compiler's (lambdas' closures, async state machines),
/// counts as its outermost declaring type. A parent namespace and its child are different nodes.
/// </summary>
internal sealed class NamespaceGraph
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    private readonly Assembly _assembly;
    private readonly string _root;

    /// <summary>From namespace → to namespace → one example (using type, used type).</summary>
    public SortedDictionary<string, SortedDictionary<string, (Type From, Type To)>> Edges { get; } = new(StringComparer.Ordinal);

    public NamespaceGraph(Assembly assembly, string rootNamespace)
    {
        _assembly = assembly;
        _root = rootNamespace;
        foreach (var type in assembly.GetTypes())
        {
            var owner = Outermost(type);
            if (!InScope(owner)) continue;
            Edges.TryAdd(owner.Namespace!, new(StringComparer.Ordinal));
            foreach (var used in Referenced(type)) Add(owner, used);
        }
    }

    /// <summary>Groups of namespaces that depend on each other (strongly connected components of more than one node).</summary>
    public List<List<string>> Cycles()
    {
        // Tarjan's algorithm.
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var found = new List<List<string>>();
        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in Edges[v].Keys)
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do
            {
                x = stack.Pop();
                onStack.Remove(x);
                component.Add(x);
            } while (x != v);
            if (component.Count > 1) found.Add([.. component.Order(StringComparer.Ordinal)]);
        }
        foreach (var v in Edges.Keys)
        {
            if (!index.ContainsKey(v)) Visit(v);
        }
        return found;
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer) type = outer;
        return type;
    }

    private bool InScope(Type type) =>
        type.Assembly == _assembly && type.Namespace is { } ns && (ns == _root || ns.StartsWith(_root + ".", StringComparison.Ordinal));

    private void Add(Type owner, Type used)
    {
        foreach (var t in Expand(used))
        {
            var target = Outermost(t);
            if (!InScope(target) || target.Namespace == owner.Namespace) continue;
            Edges.TryAdd(target.Namespace!, new(StringComparer.Ordinal));
            Edges[owner.Namespace!].TryAdd(target.Namespace!, (owner, target));
        }
    }

    /// <summary>A type and what it is built from: element types, generic arguments, the generic definition.</summary>
    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.IsGenericParameter) yield break;
        if (type.HasElementType)
        {
            foreach (var t in Expand(type.GetElementType()!)) yield return t;
            yield break;
        }
        yield return type;
        if (!type.IsGenericType || type.IsGenericTypeDefinition) yield break;
        yield return type.GetGenericTypeDefinition();
        foreach (var argument in type.GetGenericArguments())
        {
            foreach (var t in Expand(argument)) yield return t;
        }
    }

    private static IEnumerable<Type> Referenced(Type type)
    {
        if (type.BaseType is { } baseType) yield return baseType;
        foreach (var i in type.GetInterfaces()) yield return i;
        foreach (var f in type.GetFields(Everything)) yield return f.FieldType;
        foreach (var p in type.GetProperties(Everything)) yield return p.PropertyType;
        foreach (var e in type.GetEvents(Everything))
        {
            if (e.EventHandlerType is { } handler) yield return handler;
        }
        foreach (var m in type.GetMethods(Everything))
        {
            yield return m.ReturnType;
            foreach (var p in m.GetParameters()) yield return p.ParameterType;
            foreach (var t in BodyReferences(type, m)) yield return t;
        }
        foreach (var c in type.GetConstructors(Everything))
        {
            foreach (var p in c.GetParameters()) yield return p.ParameterType;
            foreach (var t in BodyReferences(type, c)) yield return t;
        }
    }

    /// <summary>The types a method body names: its locals and the operands of its type, field, method and token instructions.</summary>
    private static IEnumerable<Type> BodyReferences(Type type, MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body?.GetILAsByteArray() is not { } il) yield break;
        foreach (var local in body.LocalVariables) yield return local.LocalType;
        var typeArguments = type.IsGenericType ? type.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int at = 0;
        while (at < il.Length)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var opCode = OpCodesByValue[value];
            switch (opCode.OperandType)
            {
                case OperandType.InlineType:
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                    int token = BitConverter.ToInt32(il, at);
                    MemberInfo? member;
                    try
                    {
                        member = method.Module.ResolveMember(token, typeArguments, methodArguments);
                    }
                    catch (ArgumentException)
                    {
                        member = null;
                    }
                    foreach (var t in MemberTypes(member)) yield return t;
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + (4 * BitConverter.ToInt32(il, at));
                    break;
                default:
                    at += OperandSize(opCode.OperandType);
                    break;
            }
        }
    }

    private static IEnumerable<Type> MemberTypes(MemberInfo? member)
    {
        switch (member)
        {
            case Type t:
                yield return t;
                break;
            case FieldInfo f:
                if (f.DeclaringType is { } fieldOwner) yield return fieldOwner;
                yield return f.FieldType;
                break;
            case MethodBase m:
                if (m.DeclaringType is { } methodOwner) yield return methodOwner;
                if (m is MethodInfo { IsGenericMethod: true } generic)
                {
                    foreach (var a in generic.GetGenericArguments()) yield return a;
                }
                break;
        }
    }

    private static int OperandSize(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };
}
