/**
 * The Python program that runs inside the sandbox and grades one generated program on all tests of
 * its problem, in one process, the way LiveCodeBench's grader does (LiveCodeBench/LiveCodeBench
 * @28fef95 lcb_runner/evaluation/testing_util.py): `run_test` picks call-based or stdin grading;
 * `grade_stdio` wraps the program in a function (`clean_if_name`, `make_function`), feeds each input
 * through a patched stdin (`call_method`) and compares stripped lines exactly, then as Decimals;
 * `grade_call_based` instantiates `Solution` when the code has one, JSON-decodes each input line as an
 * argument and compares with `==` (a tuple read as a list). Each test has `signal.alarm(timeout)`;
 * grading stops at the first failing test. `reliability_guard`'s removals are applied as the official
 * grader does. kfm adds what the official code leaves to its host: resource limits (address space,
 * CPU seconds, file size, processes) set before the program is compiled, a cap on captured output,
 * and MemoryError reported as its own verdict. The request arrives as JSON on stdin; the result leaves
 * as one JSON line on file descriptor 3, so nothing the program prints can be mistaken for it.
 */
export const PYTHON_DRIVER = String.raw`
import ast, faulthandler, json, os, resource, signal, sys, time
from decimal import Decimal
from io import StringIO
from types import ModuleType
from unittest.mock import patch, mock_open

request = json.loads(sys.stdin.read())
_write = os.write
_close = os.close
sys.set_int_max_str_digits(50000)

def limit(kind, value):
    try:
        resource.setrlimit(kind, (value, value))
    except (ValueError, OSError):
        pass

limits = request["limits"]
limit(resource.RLIMIT_AS, limits["addressSpaceBytes"])
limit(resource.RLIMIT_CPU, limits["cpuSeconds"])
limit(resource.RLIMIT_FSIZE, limits["fileSizeBytes"])
limit(resource.RLIMIT_NPROC, limits["processes"])
limit(resource.RLIMIT_CORE, 0)
OUTPUT_CAP = limits["outputBytes"]
TRUNCATE = request["truncate"]

import_string = "from string import *\nfrom re import *\nfrom datetime import *\nfrom collections import *\nfrom heapq import *\nfrom bisect import *\nfrom copy import *\nfrom math import *\nfrom random import *\nfrom statistics import *\nfrom itertools import *\nfrom functools import *\nfrom operator import *\nfrom io import *\nfrom sys import *\nfrom json import *\nfrom builtins import *\nfrom typing import *\nimport string\nimport re\nimport datetime\nimport collections\nimport heapq\nimport bisect\nimport copy\nimport math\nimport random\nimport statistics\nimport itertools\nimport functools\nimport operator\nimport io\nimport sys\nimport json\nsys.setrecursionlimit(50000)\n"

def truncatefn(s, length=TRUNCATE):
    s = s if isinstance(s, str) else str(s)
    return s if len(s) <= length else s[: length // 2] + "...(truncated) ..." + s[-length // 2 :]

class TimeoutException(Exception):
    pass

class OutputLimitExceeded(BaseException):
    pass

def timeout_handler(signum, frame):
    raise TimeoutException

class CappedStringIO(StringIO):
    def write(self, text):
        if self.tell() + len(text) > OUTPUT_CAP:
            raise OutputLimitExceeded()
        return super().write(text)

class Capturing(list):
    def __enter__(self):
        self._stdout = sys.stdout
        sys.stdout = self._stringio = CappedStringIO()
        self._stringio.close = lambda *args: 1
        return self
    def __exit__(self, *args):
        self.append(self._stringio.getvalue())
        del self._stringio
        sys.stdout = self._stdout

class MockBuffer:
    def __init__(self, inputs):
        self.inputs = inputs.encode("utf-8")
    def read(self, *args):
        return self.inputs
    def readline(self, *args):
        return self.inputs.split(b"\n")[0] + b"\n"

class MockStdinWithBuffer:
    def __init__(self, inputs):
        self.inputs = inputs
        self._stringio = StringIO(inputs)
        self.buffer = MockBuffer(inputs)
    def read(self, *args):
        return self.inputs
    def readline(self, *args):
        return self._stringio.readline(*args)
    def readlines(self, *args):
        return self.inputs.split("\n")
    def __getattr__(self, name):
        return getattr(self._stringio, name)

def clean_if_name(code):
    try:
        astree = ast.parse(code)
        last_block = astree.body[-1]
        if isinstance(last_block, ast.If):
            condition = last_block.test
            if ast.unparse(condition).strip() == "__name__ == '__main__'":
                code = ast.unparse(astree.body[:-1]) + "\n" + ast.unparse(last_block.body)
    except:
        pass
    return code

def make_function(code):
    try:
        import_stmts = []
        all_other_stmts = []
        astree = ast.parse(code)
        for stmt in astree.body:
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                import_stmts.append(stmt)
            else:
                all_other_stmts.append(stmt)
        function_ast = ast.FunctionDef(name="wrapped_function", args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=all_other_stmts, decorator_list=[], lineno=-1)
        return import_string + "\n" + ast.unparse(import_stmts) + "\n" + ast.unparse(function_ast)
    except Exception:
        return code

def call_method(method, inputs):
    if isinstance(inputs, list):
        inputs = "\n".join(inputs)
    inputs_line_iterator = iter(inputs.split("\n"))
    mock_stdin = MockStdinWithBuffer(inputs)
    @patch("builtins.open", mock_open(read_data=inputs))
    @patch("sys.stdin", mock_stdin)
    @patch("sys.stdin.readline", lambda *args: next(inputs_line_iterator))
    @patch("sys.stdin.readlines", lambda *args: inputs.split("\n"))
    @patch("sys.stdin.read", lambda *args: inputs)
    def _inner_call_method(_method):
        try:
            return _method()
        except SystemExit:
            pass
    return _inner_call_method(method)

def compile_code(code, timeout):
    signal.alarm(timeout)
    try:
        tmp_sol = ModuleType("tmp_sol", "")
        exec(code, tmp_sol.__dict__)
        compiled_sol = tmp_sol.Solution() if "class Solution" in code else tmp_sol
        assert compiled_sol is not None
    finally:
        signal.alarm(0)
    return compiled_sol

def convert_line_to_decimals(line):
    try:
        return True, [Decimal(elem) for elem in line.split()]
    except:
        return False, []

def get_stripped_lines(val):
    val = val.strip()
    return [val_line.strip() for val_line in val.split("\n")]

def started(index):
    _write(3, b'{"test": %d}\n' % index)

NO_OUTPUT = object()

def failure(kind, error, gt_inp, gt_out, output=NO_OUTPUT):
    found = {"verdict": kind, "error": truncatefn(error), "input": truncatefn(gt_inp), "expected": truncatefn(gt_out)}
    if output is not NO_OUTPUT:
        found["got"] = truncatefn(output)
    return found

def exception_verdict(e):
    if isinstance(e, TimeoutException):
        return "time-limit"
    if isinstance(e, MemoryError):
        return "memory-limit"
    if isinstance(e, OutputLimitExceeded):
        return "output-limit"
    return "runtime-error"

def grade_call_based(code, all_inputs, all_outputs, fn_name, timeout):
    code = import_string + "\n\n" + code
    compiled_sol = compile_code(code, timeout)
    method = getattr(compiled_sol, fn_name, None)
    if method is None:
        return [], failure("runtime-error", "no function named " + fn_name, all_inputs[0], all_outputs[0])
    all_inputs = [[json.loads(line) for line in inputs.split("\n")] for inputs in all_inputs]
    all_outputs = [json.loads(output) for output in all_outputs]
    results = []
    for index, (gt_inp, gt_out) in enumerate(zip(all_inputs, all_outputs)):
        started(index)
        signal.alarm(timeout)
        faulthandler.enable()
        try:
            prediction = method(*gt_inp)
            signal.alarm(0)
            if isinstance(prediction, tuple):
                prediction = list(prediction)
            if prediction != gt_out:
                results.append("wrong-answer")
                return results, failure("wrong-answer", "Wrong Answer", gt_inp, gt_out, prediction)
            results.append("passed")
        except BaseException as e:
            signal.alarm(0)
            results.append(exception_verdict(e))
            return results, failure(results[-1], repr(e), gt_inp, gt_out)
        finally:
            signal.alarm(0)
            faulthandler.disable()
    return results, None

def grade_stdio(code, all_inputs, all_outputs, timeout):
    code = make_function(clean_if_name(code))
    compiled_sol = compile_code(code, timeout)
    method = getattr(compiled_sol, "wrapped_function", None)
    if method is None:
        return [], failure("runtime-error", "the program does not compile", all_inputs[0], all_outputs[0])
    results = []
    for index, (gt_inp, gt_out) in enumerate(zip(all_inputs, all_outputs)):
        started(index)
        signal.alarm(timeout)
        faulthandler.enable()
        with Capturing() as captured_output:
            try:
                call_method(method, gt_inp)
                signal.alarm(0)
            except BaseException as e:
                signal.alarm(0)
                results.append(exception_verdict(e))
                return results, failure(results[-1], repr(e), gt_inp, gt_out)
            finally:
                signal.alarm(0)
                faulthandler.disable()
        prediction = captured_output[0]
        predicted_lines = get_stripped_lines(prediction)
        expected_lines = get_stripped_lines(gt_out)
        if len(predicted_lines) != len(expected_lines):
            results.append("wrong-answer")
            return results, failure("wrong-answer", "Wrong answer: mismatched output length", gt_inp, gt_out, prediction)
        for index, (got_line, expected_line) in enumerate(zip(predicted_lines, expected_lines)):
            if got_line == expected_line:
                continue
            ok_got, decimals_got = convert_line_to_decimals(got_line)
            ok_expected, decimals_expected = convert_line_to_decimals(expected_line)
            if ok_got and ok_expected and decimals_got == decimals_expected:
                continue
            results.append("wrong-answer")
            return results, failure("wrong-answer", "Wrong answer at output_line_idx=%d: %s != %s" % (index, truncatefn(got_line), truncatefn(expected_line)), gt_inp, gt_out, prediction)
        results.append("passed")
    return results, None

def reliability_guard():
    faulthandler.disable()
    import builtins, shutil, subprocess
    builtins.quit = None
    os.environ["OMP_NUM_THREADS"] = "1"
    for name in ["kill", "system", "putenv", "remove", "removedirs", "rmdir", "fchdir", "setuid", "fork", "forkpty", "killpg", "rename", "renames", "truncate", "replace", "unlink", "fchmod", "fchown", "chmod", "chown", "chroot", "lchflags", "lchmod", "lchown", "getcwd", "chdir"]:
        setattr(os, name, None)
    shutil.rmtree = None
    shutil.move = None
    shutil.chown = None
    subprocess.Popen = None
    builtins.help = None
    for name in ["ipdb", "joblib", "resource", "psutil", "tkinter"]:
        sys.modules[name] = None

def run_test():
    signal.signal(signal.SIGALRM, timeout_handler)
    reliability_guard()
    tests = request["tests"]
    inputs = [test["input"] for test in tests]
    outputs = [test["output"] for test in tests]
    timeout = request["timeoutSeconds"]
    try:
        if request.get("functionName"):
            return grade_call_based(request["code"], inputs, outputs, request["functionName"], timeout)
        return grade_stdio(request["code"], inputs, outputs, timeout)
    except BaseException as e:
        signal.alarm(0)
        kind = exception_verdict(e)
        return [kind], failure(kind, "Error during testing: " + repr(e), inputs[0], outputs[0])

results, failed = run_test()
report = (json.dumps({"results": results, "failure": failed}) + "\n").encode("utf-8")
while report:
    report = report[_write(3, report):]
_close(3)
`;
