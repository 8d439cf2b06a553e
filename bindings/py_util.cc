#include "py_util.h"

#include <cerrno>

#include "binders.h"
#include "thematica/file_util.h"

namespace py = pybind11;

namespace thematica::python {
namespace {

// Set once by RegisterExceptions; owned by the module.
PyObject* g_error = nullptr;
PyObject* g_invalid = nullptr;
PyObject* g_not_found = nullptr;
PyObject* g_conflict = nullptr;
PyObject* g_format = nullptr;

PyObject* MakeException(py::module_& m, const char* name, PyObject* bases,
                        const char* doc) {
  std::string qualified = std::string("thematica.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases,
                                             nullptr);
  if (type == nullptr) throw py::error_already_set();
  m.add_object(name, py::handle(type));
  return type;
}

void RegisterExceptionsBinder(py::module_& m) { RegisterExceptions(m); }
const BinderRegistrar kExceptions(-100, RegisterExceptionsBinder);

}  // namespace

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
  g_format = MakeException(m, "FormatError",
                           PyTuple_Pack(2, g_error, PyExc_ValueError),
                           "A file is corrupt, truncated or not of its format.");
}

void ThrowIfError(const absl::Status& status) {
  if (status.ok()) return;
  std::string message(status.message());
  if (std::optional<int> err = IoErrno(status); err.has_value()) {
    // OSError(errno, strerror) picks FileNotFoundError etc. by errno.
    PyObject* args = Py_BuildValue("(is)", *err, message.c_str());
    PyErr_SetObject(PyExc_OSError, args);
    Py_XDECREF(args);
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
  PyErr_SetString(type, message.c_str());
  throw py::error_already_set();
}

std::string IdOf(py::handle object_or_id) {
  if (py::isinstance<py::str>(object_or_id)) {
    return object_or_id.cast<std::string>();
  }
  if (py::hasattr(object_or_id, "id")) {
    py::object id = object_or_id.attr("id");
    if (py::isinstance<py::str>(id)) return id.cast<std::string>();
  }
  throw py::type_error(
      "expected an id (str) or a Thematica object with an .id, got " +
      std::string(py::str(py::type::of(object_or_id).attr("__name__"))));
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
