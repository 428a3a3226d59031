import Foundation
import Simulation

/// Why a sweep cannot start: which `--vary` (or `--budget`) argument and what is wrong with it.
public struct SweepPlanError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What is wrong.
    public enum Reason: Error, Sendable, Equatable {
        /// The parameter is not one of ``SweepParameter/names``.
        case unknownParameter(String)
        /// `NAME=` with no value, or an empty value between commas.
        case emptyList
        /// The parameter is varied by two `--vary` arguments.
        case duplicate(firstArgument: Int)
        /// The value is not a quantity of the parameter's kind.
        case unparseable(String)
        /// The scenario validator refuses the scenario with this value (field path and message).
        case outOfRange(field: String, message: String)
        /// Not `NAME=V1,V2,…`.
        case malformed(String)
    }

    /// The argument as written, e.g. `--vary clients=1k,x`.
    public var argument: String
    /// 1-based position of the `--vary` argument among the `--vary` arguments (`0`: not a `--vary` argument).
    public var position: Int
    /// The offending value as written (`nil` when the whole argument is at fault).
    public var value: String?
    /// What is wrong.
    public var reason: Reason

    /// Creates an error.
    public init(argument: String, position: Int, value: String? = nil, reason: Reason) {
        self.argument = argument
        self.position = position
        self.value = value
        self.reason = reason
    }

    /// `--vary #2 'clients=1k,x': value 'x': 'x' is not a number; write e.g. 300, 10k or 1M`.
    public var description: String {
        let place = position > 0 ? "--vary #\(position) '\(argument)'" : argument.isEmpty ? "" : "'\(argument)'"
        let at = value.map { ": value '\($0)'" } ?? ""
        let why: String
        switch reason {
        case .unknownParameter(let name):
            why =
                "unknown parameter '\(name)'; the parameters are \(SweepParameter.names.joined(separator: ", "))"
        case .emptyList: why = "no value; write NAME=V1,V2,… with at least one value"
        case .duplicate(let first): why = "the parameter is already varied by --vary #\(first); list its values once"
        case .unparseable(let message): why = message
        case .outOfRange(let field, let message):
            why = "the scenario refuses it: \(field.isEmpty ? "" : field + ": ")\(message)"
        case .malformed(let message): why = message
        }
        return place.isEmpty && at.isEmpty ? why : "\(place)\(at): \(why)"
    }
}

/// One varied parameter and its values, in the order given.
public struct SweepAxis: Sendable, Codable, Equatable {
    /// The parameter.
    public var parameter: SweepParameter
    /// The values (base units: clients, events/s, …).
    public var values: [Double]
    /// The values as written on the command line.
    public var labels: [String]

    /// Creates an axis.
    public init(parameter: SweepParameter, values: [Double], labels: [String]) {
        self.parameter = parameter
        self.values = values
        self.labels = labels
    }
}

/// One point of a sweep: a value for every varied parameter.
public struct SweepPointSpec: Sendable, Codable, Equatable {
    /// 0-based index in the sweep.
    public var index: Int
    /// Per varied parameter (in axis order), its value at this point.
    public var values: [Double]
    /// The values as written (the scenario's own value shown as a plain number).
    public var labels: [String]
    /// In a one-at-a-time sweep, the axis this point varies (`nil` in a cross product).
    public var varied: Int?

    /// `clients=1k workers=2`.
    public func name(_ axes: [SweepAxis]) -> String {
        zip(axes, labels).map { "\($0.parameter.rawValue)=\($1)" }.joined(separator: " ")
    }
}

/// The `--vary` arguments read, and the points they give.
public struct SweepPlan: Sendable {
    /// The varied parameters, in the order given.
    public var axes: [SweepAxis]
    /// Each parameter alone around the scenario's own values (`--one-at-a-time`), instead of the cross product.
    public var oneAtATime: Bool
    /// The scenario's own value of each axis's parameter.
    public var baseValues: [Double]

    /// Reads `--vary` arguments (`NAME=V1,V2,…`) against `base`, the scenario as loaded.
    ///
    /// - Throws: ``SweepPlanError`` for the first bad argument: malformed, unknown parameter, empty list,
    ///   duplicate parameter or unparseable value (located by argument position and value).
    public init(varying arguments: [String], base: Scenario, oneAtATime: Bool) throws(SweepPlanError) {
        guard !arguments.isEmpty else {
            throw SweepPlanError(
                argument: "", position: 0,
                reason: .malformed(
                    "name at least one --vary NAME=V1,V2,… (\(SweepParameter.names.joined(separator: ", ")))"))
        }
        var axes: [SweepAxis] = []
        var seen: [SweepParameter: Int] = [:]
        for (offset, argument) in arguments.enumerated() {
            let position = offset + 1
            guard let equals = argument.firstIndex(of: "=") else {
                throw SweepPlanError(
                    argument: argument, position: position,
                    reason: .malformed("write NAME=V1,V2,… (e.g. clients=1k,10k)"))
            }
            let name = String(argument[..<equals]).trimmingCharacters(in: .whitespaces)
            guard let parameter = SweepParameter(rawValue: name) else {
                throw SweepPlanError(argument: argument, position: position, reason: .unknownParameter(name))
            }
            if let first = seen[parameter] {
                throw SweepPlanError(argument: argument, position: position, reason: .duplicate(firstArgument: first))
            }
            seen[parameter] = position
            let texts = argument[argument.index(after: equals)...].split(
                separator: ",", omittingEmptySubsequences: false
            )
            .map { String($0).trimmingCharacters(in: .whitespaces) }
            guard !texts.contains(where: \.isEmpty) else {
                throw SweepPlanError(argument: argument, position: position, reason: .emptyList)
            }
            var values: [Double] = []
            for text in texts {
                do {
                    values.append(try parameter.value(text))
                } catch {
                    throw SweepPlanError(argument: argument, position: position, value: text, reason: error)
                }
                // Two points of one value are one point measured twice: its growth and capacity are not defined.
                if let first = values.dropLast().firstIndex(of: values[values.count - 1]) {
                    throw SweepPlanError(
                        argument: argument, position: position, value: text,
                        reason: .malformed("the same value as '\(texts[first])'; list each value once"))
                }
            }
            axes.append(SweepAxis(parameter: parameter, values: values, labels: texts))
        }
        self.axes = axes
        self.oneAtATime = oneAtATime
        self.baseValues = axes.map { $0.parameter.value(in: base) }
    }

    /// The points: the cross product (the last axis varying fastest), or with ``oneAtATime`` each axis's values
    /// in turn with every other parameter at the scenario's own value.
    public var points: [SweepPointSpec] {
        var points: [SweepPointSpec] = []
        if oneAtATime {
            for (axisIndex, axis) in axes.enumerated() {
                for (value, label) in zip(axis.values, axis.labels) {
                    var values = baseValues
                    var labels = baseValues.map { SweepFormat.plain($0) }
                    values[axisIndex] = value
                    labels[axisIndex] = label
                    points.append(
                        SweepPointSpec(index: points.count, values: values, labels: labels, varied: axisIndex))
                }
            }
            return points
        }
        var combinations: [[Int]] = [[]]
        for axis in axes {
            combinations = combinations.flatMap { prefix in axis.values.indices.map { prefix + [$0] } }
        }
        for combination in combinations {
            points.append(
                SweepPointSpec(
                    index: points.count, values: combination.enumerated().map { axes[$0].values[$1] },
                    labels: combination.enumerated().map { axes[$0].labels[$1] }, varied: nil))
        }
        return points
    }

    /// The edits that make `point` of `base`.
    public func edits(for point: SweepPointSpec, base: Scenario) -> [ScenarioEdit] {
        zip(axes, point.values).map { $0.parameter.edit($1, base: base) }
    }

    /// Loads the scenario at `file` with every point's values applied and validated, before anything runs.
    ///
    /// - Throws: ``SweepPlanError`` (``SweepPlanError/Reason/outOfRange(field:message:)``) naming the first
    ///   value the scenario validator refuses, with the validator's field and message.
    public func scenarios(file: String, base: Scenario) throws(SweepPlanError) -> [Scenario] {
        // Each value alone first, so that an error names the value at fault rather than a combination.
        for (position, axis) in axes.enumerated() {
            for (value, label) in zip(axis.values, axis.labels) {
                do {
                    _ = try Scenario.load(contentsOf: file, applying: [axis.parameter.edit(value, base: base)])
                } catch {
                    let issue = error.issues.first
                    throw SweepPlanError(
                        argument: "\(axis.parameter.rawValue)=\(axis.labels.joined(separator: ","))",
                        position: position + 1, value: label,
                        reason: .outOfRange(field: issue?.path ?? "", message: issue?.message ?? "\(error)"))
                }
            }
        }
        var scenarios: [Scenario] = []
        for point in points {
            do {
                scenarios.append(try Scenario.load(contentsOf: file, applying: edits(for: point, base: base)))
            } catch {
                let issue = error.issues.first
                throw SweepPlanError(
                    argument: point.name(axes), position: 0,
                    reason: .outOfRange(field: issue?.path ?? "", message: issue?.message ?? "\(error)"))
            }
        }
        return scenarios
    }
}
