// The C++ peer of the load benchmark: greentic.provider.v1.ProviderService/Invoke generated from our protos/, on
// grpc's asynchronous completion-queue API (what grpc's own qps benchmark server uses), answering op "echo" the way the
// control plane's in-process echo provider does: {"ok":true,"op":"echo","input":<input_json>} (same response bytes).
//
//   provider_server --port=N [--threads=T]
//
// One completion queue per thread, each thread polling its own queue; T defaults to 2 (the machine's cores).
// Cleartext HTTP/2 on 127.0.0.1, no TLS, no compression. It checks no credentials and records no telemetry: it is the
// bare gRPC stack serving the same rpc, which the control plane has to match with authentication and telemetry on.
#include <absl/synchronization/mutex.h>
#include <grpcpp/grpcpp.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "greentic/provider/v1/provider.grpc.pb.h"

namespace {

using greentic::provider::v1::InvokeRequest;
using greentic::provider::v1::InvokeResponse;
using greentic::provider::v1::ProviderService;

// One outstanding call slot: waits for a request, answers it, then re-arms itself.
class CallSlot {
 public:
  virtual ~CallSlot() = default;
  virtual void Proceed(bool ok) = 0;
};

template <class Request, class Response>
class UnarySlot final : public CallSlot {
 public:
  using RequestFn = void (ProviderService::AsyncService::*)(grpc::ServerContext*, Request*,
                                                       grpc::ServerAsyncResponseWriter<Response>*,
                                                       grpc::CompletionQueue*, grpc::ServerCompletionQueue*, void*);
  using HandleFn = void (*)(const Request&, Response*);

  UnarySlot(ProviderService::AsyncService* service, grpc::ServerCompletionQueue* cq, RequestFn request, HandleFn handle)
      : service_(service), cq_(cq), request_(request), handle_(handle) {
    Arm();
  }

  void Proceed(bool ok) override {
    if (!answered_ && ok) {
      // A request arrived: answer it now; the tag comes back once the response is sent.
      answered_ = true;
      Response response;
      handle_(request_message_, &response);
      responder_->Finish(response, grpc::Status::OK, this);
      return;
    }
    if (!ok && !answered_) {
      delete this;  // the queue is shutting down
      return;
    }
    Arm();
  }

 private:
  void Arm() {
    context_ = std::make_unique<grpc::ServerContext>();
    responder_ = std::make_unique<grpc::ServerAsyncResponseWriter<Response>>(context_.get());
    request_message_.Clear();
    answered_ = false;
    (service_->*request_)(context_.get(), &request_message_, responder_.get(), cq_, cq_, this);
  }

  ProviderService::AsyncService* service_;
  grpc::ServerCompletionQueue* cq_;
  RequestFn request_;
  HandleFn handle_;
  std::unique_ptr<grpc::ServerContext> context_;
  std::unique_ptr<grpc::ServerAsyncResponseWriter<Response>> responder_;
  Request request_message_;
  bool answered_ = false;
};

void HandleInvoke(const InvokeRequest& request, InvokeResponse* response) {
  std::string* out = response->mutable_output_json();
  if (request.op() != "echo") {
    *out = R"({"ok":false,"error":{"code":"invalid-input","message":"unknown op","retryable":false}})";
    return;
  }
  out->reserve(request.input_json().size() + 32);
  out->append(R"({"ok":true,"op":"echo","input":)").append(request.input_json().empty() ? "null" : request.input_json()).append("}");
}

std::string FlagValue(int argc, char** argv, const char* name, const char* fallback) {
  const std::string prefix = std::string("--") + name + "=";
  for (int i = 1; i < argc; ++i)
    if (std::strncmp(argv[i], prefix.c_str(), prefix.size()) == 0) return argv[i] + prefix.size();
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  const int port = std::atoi(FlagValue(argc, argv, "port", "0").c_str());
  const int threads = std::atoi(FlagValue(argc, argv, "threads", "2").c_str());
  if (port <= 0 || threads <= 0) {
    std::cerr << "usage: provider_server --port=N [--threads=T]" << std::endl;
    return 2;
  }

  // Debian's Abseil keeps Mutex deadlock detection on (lock-order graph updates on every lock, ~4% of this
  // server's profile); a release build of grpc would not pay for it, so the peer does not either.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  ProviderService::AsyncService service;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:" + std::to_string(port), grpc::InsecureServerCredentials());
  builder.RegisterService(&service);
  std::vector<std::unique_ptr<grpc::ServerCompletionQueue>> queues;
  for (int i = 0; i < threads; ++i) queues.push_back(builder.AddCompletionQueue());
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server) {
    std::cerr << "could not listen on 127.0.0.1:" << port << std::endl;
    return 1;
  }

  // Enough outstanding slots per queue that concurrent streams never wait for one to be re-armed.
  constexpr int kSlotsPerQueue = 64;
  for (auto& cq : queues) {
    for (int i = 0; i < kSlotsPerQueue; ++i) {
      new UnarySlot<InvokeRequest, InvokeResponse>(&service, cq.get(), &ProviderService::AsyncService::RequestInvoke, &HandleInvoke);
    }
  }
  std::cout << "listening on " << port << " with " << threads << " threads" << std::endl;

  std::vector<std::thread> pollers;
  for (auto& cq : queues) {
    pollers.emplace_back([queue = cq.get()] {
      void* tag;
      bool ok;
      while (queue->Next(&tag, &ok)) static_cast<CallSlot*>(tag)->Proceed(ok);
    });
  }
  for (auto& poller : pollers) poller.join();
  return 0;
}
