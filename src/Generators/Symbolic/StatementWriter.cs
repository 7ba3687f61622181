using System.Collections.Generic;
using System.Linq;

namespace TinyNN.Generators.Symbolic;

/// <summary>
/// Turns one expression into straight-line code: every non-trivial subexpression used more than once becomes a
/// local (common-subexpression elimination over the structurally hashed tree), in dependency order.
/// Both sides of a conditional are evaluated and the result selected, which is what GPUs prefer anyway.
/// </summary>
internal static class StatementWriter
{
    /// <summary>The statements (<c>var t0 = ...;</c>) and the final expression text.</summary>
    public static (IReadOnlyList<string> Statements, string Result) Write(Expr e, ExprDialect dialect, string variable = "x", string localPrefix = "t")
    {
        var uses = new Dictionary<Expr, int>();
        Count(e, uses);
        var locals = new Dictionary<Expr, string>();
        var statements = new List<string>();
        var type = dialect == ExprDialect.Float64 ? "double" : "float";
        Hoist(e, uses, locals, statements, dialect, variable, type, localPrefix);
        return (statements, ExprWriter.Write(e, dialect, variable, locals));
    }

    private static bool IsTrivial(Expr e) => e is Constant or NamedConstant or Variable || e is Negate { Operand: Variable or NamedConstant };

    private static void Count(Expr e, Dictionary<Expr, int> uses)
    {
        if (IsTrivial(e)) return;
        uses.TryGetValue(e, out var n);
        uses[e] = n + 1;
        if (n > 0) return; // children of a repeated node are counted once: they live inside its local
        foreach (var child in Children(e)) Count(child, uses);
    }

    private static void Hoist(Expr e, Dictionary<Expr, int> uses, Dictionary<Expr, string> locals, List<string> statements,
        ExprDialect dialect, string variable, string type, string prefix)
    {
        if (IsTrivial(e) || locals.ContainsKey(e)) return;
        foreach (var child in Children(e)) Hoist(child, uses, locals, statements, dialect, variable, type, prefix);
        if (uses[e] > 1)
        {
            var name = prefix + locals.Count;
            statements.Add($"{type} {name} = {ExprWriter.Write(e, dialect, variable, locals)};");
            locals[e] = name;
        }
    }

    /// <summary>The names of the constants <paramref name="e"/> refers to (emitted by name, so generated names must avoid them).</summary>
    public static HashSet<string> ConstantNames(Expr e)
    {
        var names = new HashSet<string>();
        void Visit(Expr node)
        {
            if (node is NamedConstant c) names.Add(c.Name);
            foreach (var child in Children(node)) Visit(child);
        }
        Visit(e);
        return names;
    }

    public static IEnumerable<Expr> Children(Expr e) => e switch
    {
        Negate n => [n.Operand],
        Binary b => [b.Left, b.Right],
        Call { Second: not null } c => [c.Argument, c.Second],
        Call c => [c.Argument],
        Conditional c => [c.Left, c.Right, c.WhenTrue, c.WhenFalse],
        _ => Enumerable.Empty<Expr>(),
    };
}
