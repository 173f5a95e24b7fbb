from django.urls import path

from supervision.views import appointments, enforcement, orders, schedule

app_name = "supervision"

urlpatterns = [
    path("", orders.caseload, name="caseload"),
    path("clients/<int:client_pk>/orders/new/", orders.order_create, name="order-create"),
    path("orders/<int:pk>/", orders.order_detail, name="order-detail"),
    path("orders/<int:pk>/edit/", orders.order_edit, name="order-edit"),
    path("orders/<int:pk>/end/", orders.order_terminate, name="order-terminate"),
    path("orders/<int:pk>/reassign/", orders.order_reassign, name="order-reassign"),
    path("orders/<int:pk>/appointments/new/", appointments.appointment_create, name="appointment-create"),
    path("appointments/<int:pk>/outcome/", appointments.appointment_outcome, name="appointment-outcome"),
    path("day/", appointments.day_sheet, name="day-sheet"),
    path("appointments/<int:pk>/warning/", enforcement.warning_issue, name="warning-issue"),
    path("warnings/<int:pk>/", enforcement.warning_letter, name="warning-letter"),
    path("appointments/<int:pk>/breach/", enforcement.breach_initiate, name="breach-initiate"),
    path("breaches/<int:pk>/", enforcement.breach_pack, name="breach-pack"),
    path("breaches/<int:pk>/pdf/", enforcement.breach_pack_pdf, name="breach-pack-pdf"),
    path("breaches/<int:pk>/outcome/", enforcement.breach_outcome, name="breach-outcome"),
    path("orders/<int:pk>/tests/new/", schedule.test_direct, name="test-direct"),
    path("tests/<int:pk>/result/", schedule.test_result, name="test-result"),
    path("orders/<int:pk>/reviews/new/", schedule.review_schedule, name="review-schedule"),
    path("reviews/<int:pk>/report/", schedule.review_report, name="review-report"),
    path("reviews/<int:pk>/report/print/", schedule.review_report_print, name="review-report-print"),
    path("reviews/<int:pk>/report/pdf/", schedule.review_report_pdf, name="review-report-pdf"),
    path("reviews/<int:pk>/outcome/", schedule.review_outcome, name="review-outcome"),
    path("reviews/<int:pk>/provider-view/", schedule.provider_view, name="provider-view"),
    path("provider/", orders.provider_orders, name="provider-orders"),
    path("provider/orders/<int:pk>/", orders.provider_order, name="provider-order"),
]
