#include "py_util.h"

#include <cerrno>

#include "absl/strings/str_cat.h"

#include "binders.h"
#include "internal/file_util.h"
#include "thematica/interrupt.h"

namespace py = pybind11;

namespace thematica::python {
namespace {

// Set once by RegisterExceptions; owned by the module.
PyObject* g_error = nullptr;
PyObject* g_invalid = nullptr;
PyObject* g_not_found = nullptr;
PyObject* g_conflict = nullptr;
PyObject* g_format = nullptr;
PyObject* g_argument_type = nullptr;

// ArgumentTypeError: both InvalidArgumentError and TypeError.
[[noreturn]] void ThrowArgumentType(absl::string_view what, py::handle value, absl::string_view expected) {
  const std::string message = absl::StrCat(what, " must be ", expected, ", not ",
                                           std::string(py::str(py::type::of(value).attr("__name__"))));
  PyErr_SetString(g_argument_type, message.c_str());
  throw py::error_already_set();
}

PyObject* MakeException(py::module_& m, const char* name, PyObject* bases,
                        const char* doc) {
  std::string qualified = std::string("thematica.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases,
                                             nullptr);
  if (type == nullptr) throw py::error_already_set();
  m.add_object(name, py::handle(type));
  return type;
}

// Ctrl-C during a long C++ call: Python's signal handler only sets a flag,
// which this check looks at (taking the GIL for the moment it needs it).
bool PythonInterrupted() {
  py::gil_scoped_acquire gil;
  if (PyErr_CheckSignals() == 0) return false;
  PyErr_Clear();  // ThrowIfError raises KeyboardInterrupt for the Cancelled status.
  return true;
}

}  // namespace

void BindExceptions(py::module_& m) {
  RegisterExceptions(m);
  SetInterruptCheck(PythonInterrupted);
  // The safety net under every binding: a value pybind11 could not convert
  // inside a call is the caller's bad argument, not an internal error.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const py::cast_error& e) {
      PyErr_SetString(g_invalid, (std::string("invalid argument: ") + e.what()).c_str());
    }
  });
}

void RegisterExceptions(py::module_& m) {
  g_error = MakeException(m, "Error",
                          PyTuple_Pack(1, PyExc_RuntimeError),
                          "Base class of every Thematica error.");
  g_invalid = MakeException(m, "InvalidArgumentError",
                            PyTuple_Pack(2, g_error, PyExc_ValueError),
                            "A value or range was refused.");
  g_not_found = MakeException(m, "NotFoundError",
                              PyTuple_Pack(2, g_error, PyExc_KeyError),
                              "An id or name is not in the project.");
  g_conflict = MakeException(
      m, "ConflictError", PyTuple_Pack(2, g_error, PyExc_ValueError),
      "The operation conflicts with the project's state (a duplicate name, "
      "an object still in use, a cycle).");
  g_argument_type = MakeException(m, "ArgumentTypeError",
                                  PyTuple_Pack(2, g_invalid, PyExc_TypeError),
                                  "An argument of the wrong type (an InvalidArgumentError and a TypeError).");
  g_format = MakeException(m, "FormatError",
                           PyTuple_Pack(2, g_error, PyExc_ValueError),
                           "A file is corrupt, truncated or not of its format.");
}

void ThrowIfError(const absl::Status& status) {
  if (status.ok()) return;
  std::string message(status.message());
  if (std::optional<int> err = IoErrno(status); err.has_value()) {
    // OSError(errno, strerror) picks FileNotFoundError etc. by errno. Raised as
    // that instance, so the error is the same however many Python frames and
    // bindings it passes on its way out (pybind11 refuses one whose type
    // changes when normalized).
    py::object text = py::reinterpret_steal<py::object>(
        PyUnicode_DecodeUTF8(message.data(), static_cast<Py_ssize_t>(message.size()), "replace"));
    py::object error = py::reinterpret_borrow<py::object>(PyExc_OSError)(*err, text);
    PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(error.ptr())), error.ptr());
    throw py::error_already_set();
  }
  PyObject* type = g_error;
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kResourceExhausted:  // Input over a limit (an archive bomb, a huge file).
      type = g_invalid;
      break;
    case absl::StatusCode::kNotFound:
      type = g_not_found;
      break;
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
      type = g_conflict;
      break;
    case absl::StatusCode::kDataLoss:
      type = g_format;
      break;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kPermissionDenied:
      type = PyExc_OSError;
      break;
    default:
      break;
  }
  if (status.code() == absl::StatusCode::kCancelled) type = PyExc_KeyboardInterrupt;
  // Messages may quote bytes from a file that are not UTF-8: never let them
  // turn into a UnicodeDecodeError of their own.
  PyObject* text = PyUnicode_DecodeUTF8(message.data(), static_cast<Py_ssize_t>(message.size()),
                                        "backslashreplace");
  if (text == nullptr) throw py::error_already_set();
  PyErr_SetObject(type, text);
  Py_DECREF(text);
  throw py::error_already_set();
}

std::string Utf8(py::handle text, absl::string_view what) {
  if (!py::isinstance<py::str>(text)) ThrowArgumentType(what, text, "a str");
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(text.ptr(), &size);
  if (data == nullptr) {
    py::error_already_set error;
    py::object value = error.value();
    const int64_t index = py::hasattr(value, "start") ? value.attr("start").cast<int64_t>() : -1;
    ThrowIfError(absl::InvalidArgumentError(absl::StrCat(
        what, " is not valid Unicode: lone surrogate at index ", index,
        " (text must be encodable as UTF-8)")));
  }
  return std::string(data, static_cast<size_t>(size));
}

int64_t Int64(py::handle value, absl::string_view what) {
  if (!PyLong_Check(value.ptr()) || PyBool_Check(value.ptr())) {
    if (PyIndex_Check(value.ptr()) && !PyBool_Check(value.ptr())) {
      return Int64(py::reinterpret_steal<py::object>(PyNumber_Index(value.ptr())), what);
    }
    ThrowArgumentType(what, value, "an int");
  }
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(value.ptr(), &overflow);
  if (overflow != 0) {
    ThrowIfError(absl::InvalidArgumentError(absl::StrCat(
        what, " is out of range: ", std::string(py::str(value)).substr(0, 40),
        " does not fit in 64 bits")));
  }
  return static_cast<int64_t>(v);
}

double Double(py::handle value, absl::string_view what) {
  if (PyBool_Check(value.ptr()) || !(PyFloat_Check(value.ptr()) || PyLong_Check(value.ptr()))) {
    ThrowArgumentType(what, value, "a number");
  }
  const double v = PyFloat_AsDouble(value.ptr());
  if (v == -1.0 && PyErr_Occurred()) {
    PyErr_Clear();
    ThrowIfError(absl::InvalidArgumentError(absl::StrCat(
        what, " is out of range: ", std::string(py::str(value)).substr(0, 40),
        " is too large for a float")));
  }
  return v;
}

std::string IdOf(py::handle object_or_id) {
  if (py::isinstance<py::str>(object_or_id)) return Utf8(object_or_id, "id or name");
  if (py::hasattr(object_or_id, "id")) {
    py::object id = object_or_id.attr("id");
    if (py::isinstance<py::str>(id)) return Utf8(id, "id");
  }
  ThrowArgumentType("expected an id or name:", object_or_id, "a str or a Thematica object with an .id");
}

std::string OptionalIdOf(py::handle object_or_id) {
  if (object_or_id.is_none()) return "";
  return IdOf(object_or_id);
}

std::vector<std::string> IdsOf(py::handle objects_or_ids) {
  std::vector<std::string> ids;
  if (objects_or_ids.is_none()) return ids;
  if (py::isinstance<py::str>(objects_or_ids) ||
      py::hasattr(objects_or_ids, "id")) {
    ids.push_back(IdOf(objects_or_ids));
    return ids;
  }
  for (py::handle item : objects_or_ids) ids.push_back(IdOf(item));
  return ids;
}

}  // namespace thematica::python
